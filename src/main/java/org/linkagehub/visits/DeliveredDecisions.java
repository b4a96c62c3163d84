package org.linkagehub.visits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The one place this package reads the {@code delivery}, {@code delivery_event} and {@code decision} tables, read-only.
 * Why not through {@link org.linkagehub.delivery.DeliveryQueries}: it answers by delivery or by decision id, while a
 * month's visit list starts from "every delivery made in the month, with when supervision started", which it cannot
 * answer without loading each delivery's whole history; one indexed scan here ({@code delivery (created_at)}) does it.
 * Nothing here writes.
 */
@Repository
class DeliveredDecisions {

    private final NamedParameterJdbcTemplate jdbc;

    DeliveredDecisions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One delivery of a non-historical decision: to whom, where it stands, when it was made (the moment its deadlines
     * count from) and when the department reported supervision started (null: not yet).
     */
    record Delivered(UUID decisionId, UUID lineageId, String documentNumber, String decisionType, String matterCode,
            String matterName, String department, String role, String status, Instant deliveredAt, Instant startedAt) {
    }

    /**
     * The deliveries made in [{@code from}, {@code to}) of non-historical decisions, newest first. A delivery closed
     * as REROUTED is left out: its successor, to the right department, is the one that counts. A RETURNED one (still
     * awaiting re-routing) stays: nobody supervises that decision yet.
     */
    List<Delivered> madeIn(Instant from, Instant to) {
        return jdbc.query("""
                select x.id as decision_id, x.lineage_id, x.document_number, x.decision_type, x.matter_code,
                       x.payload -> 'matter' ->> 'name' as matter_name, d.department, d.role, d.status, d.created_at,
                       (select min(e.at) from delivery_event e
                        where e.delivery_id = d.id and e.status = 'SUPERVISION_STARTED') as started_at
                from delivery d join decision x on x.id = d.decision_id
                where d.created_at >= :from and d.created_at < :to and not x.historical and d.status <> 'REROUTED'
                order by d.created_at desc, x.id, d.role desc, d.department""",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                DeliveredDecisions::delivered);
    }

    /** A decision the bureau may record a visit of: its lineage and when it was first delivered (null: never). */
    record Known(UUID decisionId, UUID lineageId, Instant firstDeliveredAt) {
    }

    Optional<Known> find(UUID decisionId) {
        return jdbc.query("""
                select x.id, x.lineage_id, (select min(d.created_at) from delivery d where d.decision_id = x.id) as first
                from decision x where x.id = :id""", Map.of("id", decisionId),
                (rs, n) -> new Known(rs.getObject("id", UUID.class), rs.getObject("lineage_id", UUID.class),
                        instant(rs, "first"))).stream().findFirst();
    }

    private static Delivered delivered(ResultSet rs, int n) throws SQLException {
        return new Delivered(rs.getObject("decision_id", UUID.class), rs.getObject("lineage_id", UUID.class),
                rs.getString("document_number"), rs.getString("decision_type"), rs.getString("matter_code"),
                rs.getString("matter_name"), rs.getString("department"), rs.getString("role"), rs.getString("status"),
                instant(rs, "created_at"), instant(rs, "started_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
