package org.linkagehub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads deliveries with their history, and computes lateness at read time ({@link Lateness}). */
@Repository
public class DeliveryQueries {

    private static final String COLUMNS = """
            select id, decision_id, department, role, channel, status, routing_rule, routing_version, sign_due_at,
                   start_due_at from delivery""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public DeliveryQueries(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<DeliveryView> find(UUID id) {
        List<DeliveryView> found = withHistory(
                jdbc.query(COLUMNS + " where id = :id", Map.of("id", id), this::row));
        return found.stream().findFirst();
    }

    /** Deliveries of the given decisions, grouped by decision id, each with its history. */
    public Map<UUID, List<DeliveryView>> forDecisions(Collection<UUID> decisionIds) {
        Map<UUID, List<DeliveryView>> byDecision = new HashMap<>();
        if (decisionIds.isEmpty()) {
            return byDecision;
        }
        List<DeliveryView> all = withHistory(jdbc.query(COLUMNS + " where decision_id in (:ids) order by role desc, department",
                Map.of("ids", decisionIds), this::row));
        for (DeliveryView d : all) {
            byDecision.computeIfAbsent(UUID.fromString(d.decisionId()), k -> new ArrayList<>()).add(d);
        }
        return byDecision;
    }

    /**
     * The deliveries of every version of a lineage, or of one department's when {@code department} is not null, by
     * version, then as the routing made them (the lead department first), without their history.
     */
    public List<LineageDelivery> ofLineage(UUID lineageId, String department) {
        MapSqlParameterSource params = new MapSqlParameterSource("lineage", lineageId);
        String mine = "";
        if (department != null) {
            mine = " and d.department = :dept";
            params.addValue("dept", department);
        }
        return jdbc.query("""
                select d.id, d.decision_id, d.department, d.role, d.channel, d.status, d.created_at, d.sign_due_at,
                       d.start_due_at from delivery d join decision x on x.id = d.decision_id
                where x.lineage_id = :lineage""" + mine + " order by x.version, d.role desc, d.department", params,
                (rs, n) -> new LineageDelivery(rs.getObject("id", UUID.class), rs.getObject("decision_id", UUID.class),
                        rs.getString("department"), rs.getString("role"), rs.getString("channel"),
                        rs.getString("status"), time(rs.getTimestamp("created_at")), time(rs.getTimestamp("sign_due_at")),
                        time(rs.getTimestamp("start_due_at"))));
    }

    /** Each delivery's history (receipts, reminders, escalations), oldest first, by delivery id; none for none. */
    public Map<UUID, List<DeliveryView.Event>> history(Collection<UUID> deliveryIds) {
        Map<UUID, List<DeliveryView.Event>> history = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return history;
        }
        jdbc.query("select delivery_id, status, at, actor, note from delivery_event where delivery_id in (:ids) order by id",
                new MapSqlParameterSource("ids", deliveryIds), rs -> {
                    history.computeIfAbsent(rs.getObject("delivery_id", UUID.class), k -> new ArrayList<>())
                            .add(new DeliveryView.Event(rs.getString("status"),
                                    BeijingTime.of(rs.getTimestamp("at").toInstant()), rs.getString("actor"),
                                    rs.getString("note")));
                });
        return history;
    }

    private List<DeliveryView> withHistory(List<DeliveryView> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<UUID, List<DeliveryView.Event>> history = history(
                deliveries.stream().map(d -> UUID.fromString(d.deliveryId())).toList());
        return deliveries.stream().map(d -> new DeliveryView(d.deliveryId(), d.decisionId(), d.department(), d.role(),
                d.channel(), d.status(), d.routingRule(), d.routingVersion(), d.signDueAt(), d.startDueAt(),
                d.overdue(), history.getOrDefault(UUID.fromString(d.deliveryId()), List.of()))).toList();
    }

    private DeliveryView row(ResultSet rs, int n) throws SQLException {
        DeliveryStatus status = DeliveryStatus.valueOf(rs.getString("status"));
        Instant signDue = instant(rs.getTimestamp("sign_due_at"));
        Instant startDue = instant(rs.getTimestamp("start_due_at"));
        return new DeliveryView(rs.getString("id"), rs.getString("decision_id"), rs.getString("department"),
                rs.getString("role"), rs.getString("channel"), status, rs.getString("routing_rule"),
                rs.getString("routing_version"), BeijingTime.of(signDue), BeijingTime.of(startDue),
                Lateness.overdue(status, signDue, startDue, clock.instant()), null);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : BeijingTime.of(t.toInstant());
    }

    /** A delivery of one version of a lineage, as its timeline shows it; times in Beijing time. */
    public record LineageDelivery(UUID id, UUID decisionId, String department, String role, String channel,
            String status, OffsetDateTime createdAt, OffsetDateTime signDueAt, OffsetDateTime startDueAt) {
    }
}
