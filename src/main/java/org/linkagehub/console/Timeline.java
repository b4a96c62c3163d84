package org.linkagehub.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.Text;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A decision's whole story on one page: each version's raw input and canonical form, its deliveries, every
 * receipt, reminder and escalation ({@code delivery_event}), and the {@code escalation} rows where that table
 * exists. A department sees only decisions delivered to it, and only its own deliveries.
 */
@Repository
class Timeline {

    private static final String DECISION = """
            select x.id, x.lineage_id, x.version, x.document_number, x.decision_type, x.decision_date, x.matter_code,
                   x.subject_name, x.subject_uscc, x.supersedes, x.source_system, x.source_record_id, x.created_at,
                   x.raw_input_id, x.mapping_name, x.mapping_version, x.mapping_sha256 from decision x""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Json json;

    Timeline(NamedParameterJdbcTemplate jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Decisions whose document number, USCC or matter code is {@code q}, or whose applicant's name starts with it. */
    List<DecisionRow> search(String q, String department, int limit) {
        String term = q == null ? "" : q.trim();
        if (term.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource params = new MapSqlParameterSource("q", term)
                .addValue("uscc", term.toUpperCase(Locale.ROOT))
                .addValue("prefix", term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .addValue("limit", limit);
        String where = " where (x.document_number = :q or x.subject_uscc = :uscc or x.matter_code = :q"
                + " or x.subject_name like :prefix)";
        if (department != null) {
            where += " and exists (select 1 from delivery d where d.decision_id = x.id and d.department = :dept)";
            params.addValue("dept", department);
        }
        return jdbc.query(DECISION + where + " order by x.created_at desc, x.version desc limit :limit", params,
                this::decision);
    }

    /** Every version of a lineage with its deliveries and events; empty when the department has no part in it. */
    Optional<Story> story(UUID lineageId, String department, boolean withRaw) {
        List<DecisionRow> versions = jdbc.query(DECISION + " where x.lineage_id = :lineage order by x.version",
                Map.of("lineage", lineageId), this::decision);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        MapSqlParameterSource params = new MapSqlParameterSource("lineage", lineageId);
        String mine = "";
        if (department != null) {
            mine = " and d.department = :dept";
            params.addValue("dept", department);
        }
        List<DeliveryEntry> deliveries = jdbc.query("""
                select d.id, d.decision_id, d.department, d.role, d.channel, d.status, d.created_at, d.sign_due_at,
                       d.start_due_at from delivery d join decision x on x.id = d.decision_id
                where x.lineage_id = :lineage""" + mine + " order by x.version, d.role desc, d.department", params,
                (rs, n) -> new DeliveryEntry(rs.getObject("id", UUID.class), rs.getObject("decision_id", UUID.class),
                        rs.getString("department"), rs.getString("role"), rs.getString("channel"),
                        rs.getString("status"), time(rs, "created_at"), time(rs, "sign_due_at"),
                        time(rs, "start_due_at"), new ArrayList<>()));
        if (department != null && deliveries.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, DeliveryEntry> byId = new HashMap<>();
        deliveries.forEach(d -> byId.put(d.id(), d));
        if (!byId.isEmpty()) {
            MapSqlParameterSource ids = new MapSqlParameterSource("ids", byId.keySet());
            jdbc.query("select delivery_id, status, at, actor, note from delivery_event where delivery_id in (:ids) order by id",
                    ids, rs -> {
                        byId.get(rs.getObject("delivery_id", UUID.class)).events().add(new Event(rs.getString("status"),
                                time(rs, "at"), rs.getString("actor"), rs.getString("note"), null));
                    });
            if (hasEscalationTable()) {
                jdbc.query("select delivery_id, kind, due_at, escalated_at from escalation where delivery_id in (:ids) "
                        + "order by escalated_at", ids, rs -> {
                            byId.get(rs.getObject("delivery_id", UUID.class)).events().add(new Event("ESCALATION",
                                    time(rs, "escalated_at"), "deadline", rs.getString("kind"), time(rs, "due_at")));
                        });
            }
        }
        Map<UUID, String> canonical = new HashMap<>();
        jdbc.query("select id, payload::text as payload from decision where lineage_id = :lineage",
                Map.of("lineage", lineageId), rs -> {
                    canonical.put(rs.getObject("id", UUID.class), pretty(rs.getString("payload")));
                });
        Map<Long, RawEntry> raw = new HashMap<>();
        if (withRaw) {
            jdbc.query("select r.id, r.source, r.transport, r.source_ref, r.received_at, r.body from raw_input r "
                    + "where r.id in (select raw_input_id from decision where lineage_id = :lineage)",
                    Map.of("lineage", lineageId), rs -> {
                        byte[] body = rs.getBytes("body");
                        raw.put(rs.getLong("id"), new RawEntry(rs.getLong("id"), rs.getString("source"),
                                rs.getString("transport"), rs.getString("source_ref"), time(rs, "received_at"),
                                Text.strictUtf8(body).orElse("(" + body.length + " bytes, not UTF-8)")));
                    });
        }
        List<VersionEntry> entries = versions.stream().map(v -> new VersionEntry(v,
                v.rawInputId() == null ? null : raw.get(v.rawInputId()), canonical.get(v.id()),
                deliveries.stream().filter(d -> d.decisionId().equals(v.id())).toList())).toList();
        return Optional.of(new Story(lineageId, entries));
    }

    private boolean hasEscalationTable() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select to_regclass('escalation') is not null", Map.of(),
                Boolean.class));
    }

    private String pretty(String payload) {
        try {
            return json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json.tree(payload));
        } catch (JsonProcessingException e) {
            return payload;
        }
    }

    private DecisionRow decision(ResultSet rs, int n) throws SQLException {
        long raw = rs.getLong("raw_input_id");
        Long rawInputId = rs.wasNull() ? null : raw;
        return new DecisionRow(rs.getObject("id", UUID.class), rs.getObject("lineage_id", UUID.class),
                rs.getInt("version"), rs.getString("document_number"), rs.getString("decision_type"),
                rs.getDate("decision_date").toLocalDate().toString(), rs.getString("matter_code"),
                rs.getString("subject_name"), rs.getString("subject_uscc"), rs.getString("supersedes"),
                rs.getString("source_system"), rs.getString("source_record_id"), time(rs, "created_at"), rawInputId,
                MappingRef.of(rs));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : BeijingTime.of(t.toInstant());
    }

    record DecisionRow(UUID id, UUID lineageId, int version, String documentNumber, String decisionType,
            String decisionDate, String matterCode, String subjectName, String subjectUscc, String supersedes,
            String sourceSystem, String sourceRecordId, OffsetDateTime createdAt, Long rawInputId, MappingRef mapping) {
    }

    record Story(UUID lineageId, List<VersionEntry> versions) {
    }

    record VersionEntry(DecisionRow decision, RawEntry raw, String canonicalJson, List<DeliveryEntry> deliveries) {
    }

    record RawEntry(long id, String source, String transport, String sourceRef, OffsetDateTime receivedAt, String text) {
    }

    record DeliveryEntry(UUID id, UUID decisionId, String department, String role, String channel, String status,
            OffsetDateTime createdAt, OffsetDateTime signDueAt, OffsetDateTime startDueAt, List<Event> events) {
    }

    /**
     * A receipt, a reminder (WARNED, REMINDED), an escalation (ESCALATED, or an {@code escalation} row: kind in
     * {@code note}, its deadline in {@code dueAt}).
     */
    record Event(String status, OffsetDateTime at, String actor, String note, OffsetDateTime dueAt) {

        public boolean reminder() {
            return "WARNED".equals(status) || "REMINDED".equals(status);
        }

        public boolean escalation() {
            return "ESCALATED".equals(status) || "ESCALATION".equals(status);
        }
    }
}
