package org.linkagehub.visits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The table {@code return_visit}: one visit per decision, never written over. */
@Repository
class ReturnVisitStore {

    private static final String SELECT = """
            select id, decision_id, lineage_id, visited_on, contact, finding, follow_up, actor, recorded_at
            from return_visit""";

    private final NamedParameterJdbcTemplate jdbc;

    ReturnVisitStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A recorded visit, contact in clear: callers mask it for whoever may not read it. */
    record Visit(UUID visitId, UUID decisionId, UUID lineageId, LocalDate visitedOn, String contact, String finding,
            String followUp, String actor, Instant recordedAt) {

        /** Whether a visit says the same as this one (a repeated POST), whoever sent it and when. */
        boolean sameAs(VisitInput.Checked c) {
            return visitedOn.equals(c.visitedOn()) && contact.equals(c.contact()) && finding.equals(c.finding())
                    && java.util.Objects.equals(followUp, c.followUp());
        }
    }

    /** Inserts the visit unless the decision has one; empty when it had (the unique constraint decides). */
    Optional<UUID> insert(VisitInput.Checked c, UUID lineageId, String actor, Instant at) {
        UUID id = UUID.randomUUID();
        int n = jdbc.update("""
                insert into return_visit (id, decision_id, lineage_id, visited_on, contact, finding, follow_up, actor,
                    recorded_at)
                values (:id, :decision, :lineage, :visitedOn, :contact, :finding, :followUp, :actor, :at)
                on conflict (decision_id) do nothing""", new MapSqlParameterSource("id", id)
                .addValue("decision", c.decisionId()).addValue("lineage", lineageId)
                .addValue("visitedOn", c.visitedOn()).addValue("contact", c.contact())
                .addValue("finding", c.finding()).addValue("followUp", c.followUp()).addValue("actor", actor)
                .addValue("at", Timestamp.from(at)));
        return n == 1 ? Optional.of(id) : Optional.empty();
    }

    Optional<Visit> ofDecision(UUID decisionId) {
        return jdbc.query(SELECT + " where decision_id = :id", Map.of("id", decisionId), ReturnVisitStore::visit)
                .stream().findFirst();
    }

    Map<UUID, Visit> ofDecisions(Collection<UUID> decisionIds) {
        Map<UUID, Visit> out = new HashMap<>();
        if (!decisionIds.isEmpty()) {
            jdbc.query(SELECT + " where decision_id in (:ids)", Map.of("ids", decisionIds), ReturnVisitStore::visit)
                    .forEach(v -> out.put(v.decisionId(), v));
        }
        return out;
    }

    List<Visit> ofLineage(UUID lineageId) {
        return jdbc.query(SELECT + " where lineage_id = :lineage order by visited_on, recorded_at",
                Map.of("lineage", lineageId), ReturnVisitStore::visit);
    }

    private static Visit visit(ResultSet rs, int n) throws SQLException {
        return new Visit(rs.getObject("id", UUID.class), rs.getObject("decision_id", UUID.class),
                rs.getObject("lineage_id", UUID.class), rs.getDate("visited_on").toLocalDate(),
                rs.getString("contact"), rs.getString("finding"), rs.getString("follow_up"), rs.getString("actor"),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
