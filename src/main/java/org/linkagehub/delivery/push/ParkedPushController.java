package org.linkagehub.delivery.push;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.delivery.ParkedPushes;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/push/parked}: HTTP push messages given up on after the last attempt, and their retry. */
@RestController
@Tag(name = "HTTP push", description = "Parked push messages and the operator's retry")
public class ParkedPushController {

    private final ParkedPushes parked;

    public ParkedPushController(ParkedPushes parked) {
        this.parked = parked;
    }

    @GetMapping("/api/v1/push/parked")
    @Operation(summary = "Parked push messages, oldest first",
            description = "The oldest size (at most 1000), optionally of one department; total counts them all, "
                    + "byDepartment per HTTP department. Operators and auditors.")
    public Map<String, Object> list(@RequestParam(required = false) String department,
            @RequestParam(defaultValue = "200") int size) {
        String code = department == null ? null : department.toUpperCase(Locale.ROOT);
        Map<String, Long> counts = parked.countByDepartment();
        long total = code == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                : counts.getOrDefault(code, 0L);
        return Map.of("items", parked.parked(code, Math.max(1, Math.min(size, 1000))), "total", total,
                "byDepartment", counts);
    }

    @PostMapping("/api/v1/push/parked/{id}/retry")
    @Operation(summary = "Retry one parked message (audited)",
            description = "Unparks it with its attempts reset, together with the older parked messages of the same "
                    + "lineage for the department, which are sent first. Operators only.")
    public Map<String, Object> retry(@PathVariable long id, Authentication caller) {
        return retried(parked.retry(id, caller.getName()));
    }

    @PostMapping("/api/v1/push/parked/retry")
    @Operation(summary = "Retry every parked message of one department (audited)",
            description = "For when the department's endpoint works again. Operators only.")
    public Map<String, Object> retryDepartment(@RequestParam String department, Authentication caller) {
        return retried(parked.retryDepartment(department.toUpperCase(Locale.ROOT), caller.getName()));
    }

    private static Map<String, Object> retried(List<Long> ids) {
        return Map.of("retried", ids, "total", ids.size());
    }
}
