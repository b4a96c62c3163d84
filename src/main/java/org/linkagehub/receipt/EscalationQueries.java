package org.linkagehub.receipt;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the {@code escalation} rows the deadline watcher keeps, for pages that show a delivery's story (the console's
 * timeline). Read-only; the deadline rule writes them.
 */
@Repository
public class EscalationQueries {

    private final NamedParameterJdbcTemplate jdbc;

    public EscalationQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The escalations of the given deliveries, oldest first. */
    public List<Escalated> ofDeliveries(Collection<UUID> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select delivery_id, kind, due_at, escalated_at from escalation where delivery_id in (:ids) "
                + "order by escalated_at", Map.of("ids", deliveryIds), (rs, n) -> new Escalated(
                        rs.getObject("delivery_id", UUID.class), rs.getString("kind"), time(rs.getTimestamp("due_at")),
                        time(rs.getTimestamp("escalated_at"))));
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : BeijingTime.of(t.toInstant());
    }

    /** A missed deadline of a delivery: its kind (SIGN or START), when it was due and when it was escalated. */
    public record Escalated(UUID deliveryId, String kind, OffsetDateTime dueAt, OffsetDateTime escalatedAt) {
    }
}
