package org.linkagehub.canonical;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the stored decisions, for the decision API and the console: a search, a lineage's versions and canonical
 * payloads, one decision, and how many arrived per minute. Read-only; {@link DecisionStore} writes.
 */
@Repository
public class DecisionQueries {

    private static final String DECISION = """
            select x.id, x.lineage_id, x.version, x.document_number, x.decision_type, x.decision_date, x.matter_code,
                   x.subject_name, x.subject_uscc, x.supersedes, x.source_system, x.source_record_id, x.created_at,
                   x.raw_input_id, x.mapping_name, x.mapping_version, x.mapping_sha256 from decision x""";
    private static final String STORED = "select id, lineage_id, payload::text as payload, mapping_name, "
            + "mapping_version, mapping_sha256 from decision";

    private final NamedParameterJdbcTemplate jdbc;

    public DecisionQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Decisions whose document number, USCC or matter code is {@code q}, or whose applicant's name starts with it,
     * newest first; with a {@code deliveredTo} department only those delivered to it (the one read of the delivery
     * table here: a filter of the search, which the limit must follow).
     */
    public List<DecisionRow> search(String q, String deliveredTo, int limit) {
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
        if (deliveredTo != null) {
            where += " and exists (select 1 from delivery d where d.decision_id = x.id and d.department = :dept)";
            params.addValue("dept", deliveredTo);
        }
        return jdbc.query(DECISION + where + " order by x.created_at desc, x.version desc limit :limit", params,
                DecisionQueries::decision);
    }

    /** Every version of a lineage, oldest first; empty for no such lineage. */
    public List<DecisionRow> versions(UUID lineageId) {
        return jdbc.query(DECISION + " where x.lineage_id = :lineage order by x.version", Map.of("lineage", lineageId),
                DecisionQueries::decision);
    }

    /** The canonical payload (JSON as stored) of each version of a lineage, by decision id. */
    public Map<UUID, String> payloads(UUID lineageId) {
        Map<UUID, String> payloads = new HashMap<>();
        jdbc.query("select id, payload::text as payload from decision where lineage_id = :lineage",
                Map.of("lineage", lineageId), rs -> {
                    payloads.put(rs.getObject("id", UUID.class), rs.getString("payload"));
                });
        return payloads;
    }

    /**
     * Decisions by document number, applicant USCC and lineage (each null for any), newest first, {@code limit} of
     * them from {@code offset}, with how many match in all.
     */
    public Found find(String documentNumber, String uscc, UUID lineageId, int limit, long offset) {
        StringBuilder where = new StringBuilder(" where true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (documentNumber != null) {
            where.append(" and document_number = :doc");
            params.addValue("doc", documentNumber);
        }
        if (uscc != null) {
            where.append(" and subject_uscc = :uscc");
            params.addValue("uscc", uscc);
        }
        if (lineageId != null) {
            where.append(" and lineage_id = :lineage");
            params.addValue("lineage", lineageId);
        }
        params.addValue("limit", limit).addValue("offset", offset);
        Long total = jdbc.queryForObject("select count(*) from decision" + where, params, Long.class);
        List<Stored> items = jdbc.query(STORED + where + " order by created_at desc, version desc limit :limit offset "
                + ":offset", params, DecisionQueries::stored);
        return new Found(items, total == null ? 0 : total);
    }

    /** One decision as stored. */
    public Optional<Stored> find(UUID id) {
        return jdbc.query(STORED + " where id = :id", new MapSqlParameterSource("id", id), DecisionQueries::stored)
                .stream().findFirst();
    }

    /** Decisions stored per minute (truncated, by the database) from {@code start} until before {@code end}. */
    public Map<Instant, Long> perMinute(Instant start, Instant end) {
        Map<Instant, Long> counts = new HashMap<>();
        jdbc.query("select date_trunc('minute', created_at) as minute, count(*) as n from decision "
                + "where created_at >= :start and created_at < :end group by 1",
                new MapSqlParameterSource("start", Timestamp.from(start)).addValue("end", Timestamp.from(end)), rs -> {
                    counts.put(rs.getTimestamp("minute").toInstant(), rs.getLong("n"));
                });
        return counts;
    }

    private static DecisionRow decision(ResultSet rs, int n) throws SQLException {
        long raw = rs.getLong("raw_input_id");
        Long rawInputId = rs.wasNull() ? null : raw;
        return new DecisionRow(rs.getObject("id", UUID.class), rs.getObject("lineage_id", UUID.class),
                rs.getInt("version"), rs.getString("document_number"), rs.getString("decision_type"),
                rs.getDate("decision_date").toLocalDate().toString(), rs.getString("matter_code"),
                rs.getString("subject_name"), rs.getString("subject_uscc"), rs.getString("supersedes"),
                rs.getString("source_system"), rs.getString("source_record_id"), time(rs, "created_at"), rawInputId,
                MappingRef.of(rs));
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getObject("id", UUID.class), rs.getObject("lineage_id", UUID.class),
                rs.getString("payload"), MappingRef.of(rs));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : BeijingTime.of(t.toInstant());
    }

    /** A decision's columns as the console lists it; {@code createdAt} in Beijing time. */
    public record DecisionRow(UUID id, UUID lineageId, int version, String documentNumber, String decisionType,
            String decisionDate, String matterCode, String subjectName, String subjectUscc, String supersedes,
            String sourceSystem, String sourceRecordId, OffsetDateTime createdAt, Long rawInputId, MappingRef mapping) {
    }

    /** A decision as stored: its canonical payload (JSON) and the mapping that made it (null before it was kept). */
    public record Stored(UUID id, UUID lineageId, String payload, MappingRef mapping) {
    }

    /** A page of decisions found, and how many match in all. */
    public record Found(List<Stored> items, long total) {
    }
}
