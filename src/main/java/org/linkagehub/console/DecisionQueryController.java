package org.linkagehub.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionQueries;
import org.linkagehub.cases.CaseQueries;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.delivery.DeliveryView;
import org.linkagehub.platform.Json;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/decisions}: decisions by document number or applicant USCC, each with its deliveries
 * and their history, newest first, and the mapping that made it (the hub's bookkeeping beside the canonical
 * decision, not part of what departments receive), read through canonical's {@link DecisionQueries}.
 * {@code GET /api/v1/decisions/{id}} is one of them with the cases filed about it, read through the cases feature's
 * {@link CaseQueries}. No SQL here.
 */
@RestController
@Tag(name = "Decisions", description = "Search decisions and see where they went")
public class DecisionQueryController {

    private final DecisionQueries decisions;
    private final DeliveryQueries deliveries;
    private final CaseQueries cases;
    private final Json json;

    public DecisionQueryController(DecisionQueries decisions, DeliveryQueries deliveries, CaseQueries cases,
            Json json) {
        this.decisions = decisions;
        this.deliveries = deliveries;
        this.cases = cases;
        this.json = json;
    }

    @GetMapping("/api/v1/decisions")
    @Operation(summary = "Find decisions", description = "By documentNumber, uscc or lineageId; paged with page "
            + "(from 0) and size (at most 200). Returns {\"items\":[…],\"total\":N}: each item the canonical decision "
            + "with its deliveries and the mapping that made it (name, version, sha256; absent for decisions made "
            + "before the hub recorded it).")
    public Map<String, Object> find(@RequestParam(required = false) String documentNumber,
            @RequestParam(required = false) String uscc, @RequestParam(required = false) UUID lineageId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        int pageSize = Math.max(1, Math.min(size, 200));
        DecisionQueries.Found found = decisions.find(
                documentNumber == null || documentNumber.isBlank() ? null : documentNumber.trim(),
                uscc == null || uscc.isBlank() ? null : uscc.trim().toUpperCase(Locale.ROOT), lineageId, pageSize,
                (long) Math.max(page, 0) * pageSize);
        return Map.of("items", items(found.items()), "total", found.total());
    }

    /**
     * One decision as the search shows it, and the cases departments filed about its lineage (any version) with
     * the bureau's reply and the decision that closed each, as the console's timeline lists them.
     */
    @GetMapping("/api/v1/decisions/{decisionId}")
    @Operation(summary = "One decision with its deliveries and its cases",
            description = "The canonical decision with deliveries and mapping as in the search, and cases: each "
                    + "{caseId,caseRef,type,status,department,filedAt,replyDueAt,outcome,closedByDecision} about any "
                    + "version of its lineage, oldest first (outcome and closedByDecision null until there are). 404 "
                    + "for no such decision.")
    public ResponseEntity<?> one(@PathVariable String decisionId) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        Optional<DecisionQueries.Stored> found = id == null ? Optional.empty() : decisions.find(id);
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "error", "Not Found",
                    "message", "no decision " + decisionId));
        }
        ObjectNode item = items(List.of(found.get())).get(0);
        List<Map<String, Object>> filed = new ArrayList<>();
        for (CaseQueries.CaseDetail c : cases.ofLineage(CaseQueries.Scope.ALL, found.get().lineageId())) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("caseId", c.row().caseId());
            one.put("caseRef", c.row().caseRef());
            one.put("type", c.row().type());
            one.put("status", c.row().status());
            one.put("department", c.row().department());
            one.put("filedAt", c.row().filedAt());
            one.put("replyDueAt", c.row().replyDueAt());
            one.put("outcome", c.row().outcome());
            one.put("closedByDecision", c.closedByDecision() == null ? null : Map.of("decisionId",
                    c.closedByDecision(), "documentNumber", String.valueOf(c.closedByDocumentNumber())));
            filed.add(one);
        }
        item.set("cases", json.mapper().valueToTree(filed));
        return ResponseEntity.ok(item);
    }

    /** Each row as the canonical decision with its deliveries and the mapping that made it. */
    private List<ObjectNode> items(List<DecisionQueries.Stored> rows) {
        List<UUID> ids = rows.stream().map(DecisionQueries.Stored::id).toList();
        Map<UUID, List<DeliveryView>> byDecision = deliveries.forDecisions(ids);
        List<ObjectNode> items = new ArrayList<>();
        for (DecisionQueries.Stored row : rows) {
            ObjectNode item = read(row.payload());
            item.set("deliveries", json.mapper().valueToTree(byDecision.getOrDefault(row.id(), List.of())));
            if (row.mapping() != null) {
                item.set("mapping", json.mapper().valueToTree(row.mapping()));
            }
            items.add(item);
        }
        return items;
    }

    private ObjectNode read(String payload) {
        // jsonb does not keep key order; the canonical model does
        return json.mapper().valueToTree(json.read(payload, Decision.class));
    }
}
