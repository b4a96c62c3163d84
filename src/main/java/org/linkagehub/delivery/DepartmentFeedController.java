package org.linkagehub.delivery;

import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.platform.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The pull channel, for departments with only a browser or a script: their deliveries, and the messages about their
 * cases, over HTTP with their API token. A department reads only its own code; operators and auditors read any.
 */
@RestController
@Tag(name = "Department feed", description = "A department reads its deliveries over HTTP")
public class DepartmentFeedController {

    private final DepartmentFeed feed;

    public DepartmentFeedController(DepartmentFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/api/v1/departments/{code}/deliveries")
    @Operation(summary = "A department's deliveries", description = "Bearer token of the department (403 for "
            + "another department's code). Oldest change first; each item is the delivery (status, history, "
            + "deadlines) and the message the queue carries. The cases' messages to the department (CASE, CASE_REPLY, "
            + "WARNING, ESCALATION; mappings/schemas/case-message.schema.json) are items too, {case, message}, unless "
            + "a status is asked for. Keep 'next' and pass it as 'since' to read only what changed after.")
    public Map<String, Object> deliveries(@PathVariable String code,
            @Parameter(description = "only deliveries in this status, e.g. DISPATCHED") @RequestParam(required = false) String status,
            @Parameter(description = "the 'next' of the previous answer") @RequestParam(required = false) String since,
            @Parameter(description = "most items per answer (1-500)") @RequestParam(defaultValue = "100") int size,
            Authentication caller) {
        String wanted = code.toUpperCase(Locale.ROOT);
        var department = Caller.department(caller);
        if (department.isPresent() && !department.get().equals(wanted)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a department reads only its own deliveries");
        }
        return feed.read(wanted, status, since, size);
    }
}
