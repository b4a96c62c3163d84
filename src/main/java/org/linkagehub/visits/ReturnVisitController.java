package org.linkagehub.visits;

import static org.linkagehub.platform.ApiAnswers.error;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/return-visits}: the bureau's return visits (回访). The bureau (its bearer token), operators and the
 * auditor read a month's list; only the bureau records a visit: operators run the hub, the bureau visits. Any other
 * department is refused 403. The contact of a visit is shown in clear to the bureau alone.
 */
@RestController
@Tag(name = "Return visits", description = "The approval bureau's visits of its decisions (回访)")
public class ReturnVisitController {

    private final ReturnVisits visits;

    public ReturnVisitController(ReturnVisits visits) {
        this.visits = visits;
    }

    @GetMapping("/api/v1/return-visits")
    @Operation(summary = "A month's decisions to visit: NOT_STARTED ones and a reproducible SAMPLE of the rest",
            description = "period=yyyy-MM (default: this month, Beijing time); items/total, paged like the cases")
    public ResponseEntity<?> list(@RequestParam(required = false) String period,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            Authentication caller) {
        Optional<String> department = Caller.department(caller);
        if (department.isPresent() && !visits.isBureau(department.get())) {
            return error(HttpStatus.FORBIDDEN, "return visits are the approval bureau's");
        }
        YearMonth month;
        try {
            month = period == null || period.isBlank() ? visits.thisMonth() : YearMonth.parse(period.strip());
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("status", 400, "reasons", List.of(Reason.of("period",
                    StrictInput.shown(period), "malformed", "a month, yyyy-MM"))));
        }
        ReturnVisits.VisitList l = visits.list(month, page, size, department.isPresent());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", l.period().toString());
        out.put("after", l.after());
        out.put("samplePercent", l.samplePercent());
        out.put("items", l.items());
        out.put("total", l.total());
        out.put("page", l.page());
        out.put("size", l.size());
        out.put("notYetDue", l.notYetDue());
        return ResponseEntity.ok(out);
    }

    /** Body {@code {"decisionId","visitedOn":"yyyy-MM-dd","contact","finding","followUp"}}. */
    @PostMapping(path = "/api/v1/return-visits", consumes = "*/*")
    @Operation(summary = "Record the bureau's visit of a decision (bureau token only)",
            description = "201 the visit; 200 the same visit sent again; 409 the decision has another visit; "
                    + "404 unknown decision; 422 reasons")
    public ResponseEntity<?> record(@RequestBody(required = false) byte[] body, Authentication caller) {
        Optional<String> department = Caller.department(caller);
        if (department.isEmpty() || !visits.isBureau(department.get())) {
            return error(HttpStatus.FORBIDDEN, "only the approval bureau records a return visit");
        }
        JsonNode tree;
        try {
            tree = StrictInput.json(body == null ? new byte[0] : body);
        } catch (MalformedPayloadException e) {
            return ResponseEntity.badRequest().body(Map.of("status", 400, "reasons", List.of(e.reason())));
        }
        ReturnVisits.Recorded r = visits.record(tree, "dept:" + department.get());
        return switch (r.outcome()) {
            case CREATED -> ResponseEntity.status(HttpStatus.CREATED).body(r.visit());
            case SAME -> ResponseEntity.ok(r.visit());
            case CONFLICT -> ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409,
                    "message", "the decision has a visit already; a recorded visit is not written over",
                    "visit", r.visit()));
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "no decision " + tree.path("decisionId").asText());
            case INVALID -> ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", r.reasons()));
        };
    }
}
