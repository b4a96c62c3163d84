package org.linkagehub.quarantine;

import java.util.Map;

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

/** {@code /api/v1/quarantine}: what could not become a valid, routed decision, and its replay. */
@RestController
@Tag(name = "Quarantine", description = "Inputs kept with every reason, replayable after a fix")
public class QuarantineController {

    private final QuarantineService quarantine;

    public QuarantineController(QuarantineService quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping("/api/v1/quarantine")
    @Operation(summary = "Quarantined inputs, newest first",
            description = "Filter by status (OPEN, REPLAYED, RELEASED, SUPERSEDED) and source; paged with page (from 0) "
                    + "and size. SUPERSEDED: a file refused whole, then sent again whole under the same name and "
                    + "taken (replayedAs.supersededBy is the raw input that replaced it). "
                    + "Each item names the mapping that refused it (name, version, sha256), unless none read it.")
    public Map<String, Object> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String source, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return quarantine.list(status, source, page, size);
    }

    @GetMapping("/api/v1/quarantine/{id}")
    @Operation(summary = "One quarantined input with its raw payload and every reason")
    public QuarantineItem one(@PathVariable long id) {
        return quarantine.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no quarantine record " + id));
    }

    @PostMapping("/api/v1/quarantine/{id}/replay")
    @Operation(summary = "Replay from the raw bytes through the current mappings and routing table (audited)",
            description = "replayedAs names the mapping in force at the replay; the item keeps the one that refused it.")
    public QuarantineItem replay(@PathVariable long id, Authentication caller) {
        return quarantine.replay(id, caller.getName());
    }

    @PostMapping("/api/v1/quarantine/{id}/release")
    @Operation(summary = "Excuse a known-bad code with a reason (audited), then run the record again",
            description = "Only for records quarantined for a USCC or ID-number checksum that the register itself "
                    + "holds as it is. Body: {\"reason\": \"…\"}. The excused code is accepted from then on.")
    public QuarantineItem release(@PathVariable long id, @RequestBody Release body, Authentication caller) {
        return quarantine.release(id, body == null ? null : body.reason(), caller.getName());
    }

    /** @param reason why the code is accepted as it is, e.g. the register's confirmation */
    public record Release(String reason) {
    }
}
