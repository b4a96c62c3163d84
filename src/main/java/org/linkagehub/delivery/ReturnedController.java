package org.linkagehub.delivery;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The operators' re-route list: deliveries a department returned as not its own, and the re-route itself. */
@RestController
@Tag(name = "Re-routing", description = "Returned deliveries and their re-routing by an operator")
public class ReturnedController {

    private final Rerouting rerouting;
    private final DeliveryQueries deliveries;

    public ReturnedController(Rerouting rerouting, DeliveryQueries deliveries) {
        this.rerouting = rerouting;
        this.deliveries = deliveries;
    }

    @GetMapping("/api/v1/deliveries/returned")
    @Operation(summary = "Returned deliveries awaiting re-routing, oldest first",
            description = "The oldest size (at most 1000) of them; total counts them all. Operators and auditors.")
    public Map<String, Object> returned(@RequestParam(defaultValue = "200") int size) {
        List<Map<String, Object>> items = rerouting.returned(Math.max(1, Math.min(size, 1000)));
        return Map.of("items", items, "total", rerouting.returnedCount());
    }

    @PostMapping("/api/v1/deliveries/{deliveryId}/reroute")
    @Operation(summary = "Re-route a returned delivery", description = "Body {\"department\":\"X\",\"reason\":\"…\"}: "
            + "a new delivery to X through the outbox; the returned one becomes REROUTED. Operators only; audited.")
    public DeliveryView reroute(@PathVariable String deliveryId, @RequestBody RerouteRequest request,
            Authentication caller) {
        UUID id;
        try {
            id = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
        }
        UUID created = rerouting.reroute(id, request.department(), request.reason(), caller.getName());
        return deliveries.find(created).orElseThrow();
    }

    /** The department to send it to instead, and why. */
    public record RerouteRequest(String department, String reason) {
    }
}
