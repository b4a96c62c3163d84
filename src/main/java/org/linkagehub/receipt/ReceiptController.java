package org.linkagehub.receipt;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.delivery.DeliveryView;
import org.linkagehub.platform.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/deliveries/{deliveryId}/receipt}: a department signs for a delivery, reports that
 * supervision started, or returns it. The caller is authorised before the body is read: another
 * department's delivery is answered 404, as if it did not exist.
 */
@RestController
@Tag(name = "Receipts", description = "Departments acknowledge their deliveries")
public class ReceiptController {

    private final ReceiptService receipts;
    private final DeliveryQueries deliveries;
    private final ObjectMapper json;

    public ReceiptController(ReceiptService receipts, DeliveryQueries deliveries, ObjectMapper json) {
        this.receipts = receipts;
        this.deliveries = deliveries;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/deliveries/{deliveryId}/receipt", consumes = "*/*")
    @Operation(summary = "Acknowledge a delivery",
            description = "Body {\"status\":\"SIGNED\"|\"SUPERVISION_STARTED\"|\"RETURNED\",\"signedBy\":\"…\","
                    + "\"note\":\"…\"}; authenticated with the owning department's bearer token.")
    public ResponseEntity<DeliveryView> receipt(@PathVariable String deliveryId,
            @RequestBody(description = "the receipt") @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] body,
            Authentication caller) {
        UUID id = parseId(deliveryId);
        String department = Caller.department(caller)
                .orElseThrow(() -> new ReceiptException(HttpStatus.FORBIDDEN, "only a department can send receipts"));
        String owner = receipts.ownerOf(id);
        if (owner == null || !owner.equals(department)) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId + " for department " + department);
        }
        Receipt receipt = parse(body);
        receipts.apply(id, receipt, "dept:" + department);
        return ResponseEntity.ok(deliveries.find(id).orElseThrow());
    }

    private Receipt parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "empty body; expected {\"status\":\"SIGNED\"}");
        }
        try {
            return json.readValue(body, Receipt.class);
        } catch (JsonProcessingException e) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "receipt is not valid: " + e.getOriginalMessage()
                    + "; status must be one of " + List.of(DeliveryStatus.SIGNED, DeliveryStatus.SUPERVISION_STARTED,
                            DeliveryStatus.RETURNED));
        } catch (IOException e) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "receipt cannot be read: " + e.getMessage());
        }
    }

    private static UUID parseId(String deliveryId) {
        try {
            return UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
        }
    }

    @ExceptionHandler(ReceiptException.class)
    ResponseEntity<Map<String, Object>> refused(ReceiptException e) {
        return ResponseEntity.status(e.status())
                .body(Map.of("status", e.status().value(), "error", e.status().getReasonPhrase(), "message", e.getMessage()));
    }
}
