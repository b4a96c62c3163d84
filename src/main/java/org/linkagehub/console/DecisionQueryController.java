package org.linkagehub.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.cases.CaseQueries;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.delivery.DeliveryView;
import org.linkagehub.platform.Json;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/decisions}: decisions by document number or applicant USCC, each with its deliveries
 * and their history, newest first, and the mapping that made it (the hub's bookkeeping beside the canonical
 * decision, not part of what departments receive). {@code GET /api/v1/decisions/{id}} is one of them with the cases
 * filed about it, read through the cases feature's {@link CaseQueries} (no SQL here touches a case table).
 */
@RestController
@Tag(name = "Decisions", description = "Search decisions and see where they went")
public class DecisionQueryController {

    private static final String SELECT = "select id, lineage_id, payload::text as payload, mapping_name, "
            + "mapping_version, mapping_sha256 from decision";

    private final NamedParameterJdbcTemplate jdbc;
    private final DeliveryQueries deliveries;
    private final CaseQueries cases;
    private final Json json;

    public DecisionQueryController(NamedParameterJdbcTemplate jdbc, DeliveryQueries deliveries, CaseQueries cases,
            Json json) {
        this.jdbc = jdbc;
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
        StringBuilder where = new StringBuilder(" where true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (documentNumber != null && !documentNumber.isBlank()) {
            where.append(" and document_number = :doc");
            params.addValue("doc", documentNumber.trim());
        }
        if (uscc != null && !uscc.isBlank()) {
            where.append(" and subject_uscc = :uscc");
            params.addValue("uscc", uscc.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (lineageId != null) {
            where.append(" and lineage_id = :lineage");
            params.addValue("lineage", lineageId);
        }
        int pageSize = Math.max(1, Math.min(size, 200));
        params.addValue("limit", pageSize).addValue("offset", (long) Math.max(page, 0) * pageSize);
        Long total = jdbc.queryForObject("select count(*) from decision" + where, params, Long.class);
        List<Map<String, Object>> rows = jdbc.queryForList(SELECT + where
                + " order by created_at desc, version desc limit :limit offset :offset", params);
        return Map.of("items", items(rows), "total", total == null ? 0 : total);
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
        List<Map<String, Object>> rows = id == null ? List.of()
                : jdbc.queryForList(SELECT + " where id = :id", new MapSqlParameterSource("id", id));
        if (rows.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "error", "Not Found",
                    "message", "no decision " + decisionId));
        }
        ObjectNode item = items(rows).get(0);
        List<Map<String, Object>> filed = new ArrayList<>();
        for (CaseQueries.CaseDetail c : cases.ofLineage(CaseQueries.Scope.ALL, (UUID) rows.get(0).get("lineage_id"))) {
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
    private List<ObjectNode> items(List<Map<String, Object>> rows) {
        List<UUID> ids = rows.stream().map(r -> (UUID) r.get("id")).toList();
        Map<UUID, List<DeliveryView>> byDecision = deliveries.forDecisions(ids);
        List<ObjectNode> items = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            ObjectNode item = read((String) row.get("payload"));
            item.set("deliveries", json.mapper().valueToTree(byDecision.getOrDefault((UUID) row.get("id"), List.of())));
            MappingRef mapping = MappingRef.ofColumns((String) row.get("mapping_name"),
                    (Integer) row.get("mapping_version"), (String) row.get("mapping_sha256"));
            if (mapping != null) {
                item.set("mapping", json.mapper().valueToTree(mapping));
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
