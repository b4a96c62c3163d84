package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.linkagehub.receipt.Deadlines;
import org.linkagehub.routing.Route;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes a routed decision's deliveries, their first history entry and their outbox messages, in the
 * decision's own transaction: either all of it is stored or none, and a crash before the broker send
 * loses nothing.
 */
@Repository
public class DeliveryPlanner {

    private final JdbcTemplate jdbc;
    private final Json json;
    private final Deadlines deadlines;

    public DeliveryPlanner(JdbcTemplate jdbc, Json json, Deadlines deadlines) {
        this.jdbc = jdbc;
        this.json = json;
        this.deadlines = deadlines;
    }

    public List<UUID> plan(Decision decision, List<Route> routes, Instant now) {
        boolean historical = Boolean.TRUE.equals(decision.historical());
        Timestamp at = Timestamp.from(now);
        Timestamp signDue = historical ? null : Timestamp.from(deadlines.signDue(now));
        Timestamp startDue = historical ? null : Timestamp.from(deadlines.startDue(now));
        UUID decisionId = UUID.fromString(decision.decisionId());
        UUID lineageId = UUID.fromString(decision.lineageId());
        ObjectNode base = json.mapper().valueToTree(decision);
        List<Object[]> deliveries = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        List<Object[]> outbox = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Route route : routes) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            String code = route.department().code();
            deliveries.add(new Object[] {id, decisionId, code, route.role().name(), route.department().channel(),
                DeliveryStatus.PENDING.name(), route.rule(), route.version(), signDue, startDue, at, at});
            events.add(new Object[] {id, DeliveryStatus.PENDING.name(), at, "hub", "routed by " + route.rule()});
            ObjectNode body = message(base, id, code, route.role().name(), signDue, startDue);
            outbox.add(new Object[] {id, lineageId, Queues.department(code), id.toString(), json.write(body), at});
        }
        jdbc.batchUpdate("""
                insert into delivery (id, decision_id, department, role, channel, status, routing_rule, routing_version,
                    sign_due_at, start_due_at, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", deliveries);
        jdbc.batchUpdate("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                events);
        jdbc.batchUpdate("""
                insert into outbox (delivery_id, lineage_id, destination, duplicate_id, body, created_at)
                values (?, ?, ?, ?, ?, ?)""", outbox);
        return ids;
    }

    /**
     * What a department receives for one delivery (mappings/schemas/delivery-message.schema.json): the decision
     * with the delivery's id, department, role and deadlines. The queue and the pull channel carry the same body.
     */
    static ObjectNode message(ObjectNode decision, UUID deliveryId, String department, String role, Timestamp signDue,
            Timestamp startDue) {
        ObjectNode body = decision.deepCopy();
        body.put("deliveryId", deliveryId.toString());
        body.put("department", department);
        body.put("role", role);
        if (signDue != null) {
            body.put("signDueAt", BeijingTime.of(signDue.toInstant()).toString());
            body.put("startDueAt", BeijingTime.of(startDue.toInstant()).toString());
        }
        return body;
    }
}
