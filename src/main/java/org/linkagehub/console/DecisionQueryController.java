package org.linkagehub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.delivery.DeliveryQueries;
import org.linkagehub.delivery.DeliveryView;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/decisions}: decisions by document number or applicant USCC, each with its deliveries
 * and their history, newest first, and the mapping that made it (the hub's bookkeeping beside the canonical
 * decision, not part of what departments receive).
 */
@RestController
@Tag(name = "Decisions", description = "Search decisions and see where they went")
public class DecisionQueryController {

    private final NamedParameterJdbcTemplate jdbc;
    private final DeliveryQueries deliveries;
    private final Json json;

    public DecisionQueryController(NamedParameterJdbcTemplate jdbc, DeliveryQueries deliveries, Json json) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
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
        List<Map<String, Object>> rows = jdbc.queryForList("select id, payload::text as payload, mapping_name, "
                + "mapping_version, mapping_sha256 from decision" + where
                + " order by created_at desc, version desc limit :limit offset :offset", params);
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
        return Map.of("items", items, "total", total == null ? 0 : total);
    }

    private ObjectNode read(String payload) {
        // jsonb does not keep key order; the canonical model does
        return json.mapper().valueToTree(json.read(payload, Decision.class));
    }
}
