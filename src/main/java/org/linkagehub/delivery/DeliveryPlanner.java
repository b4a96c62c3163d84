package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.linkagehub.canonical.Decision;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
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

    /** Plans and writes one decision's deliveries. */
    public List<UUID> plan(Decision decision, List<Route> routes, Instant now) {
        Batch batch = new Batch();
        List<UUID> ids = plan(decision, json.write(decision), routes, now, batch);
        write(batch);
        return ids;
    }

    /**
     * Adds one decision's deliveries, history and outbox rows to a batch written later by {@link #write}. The
     * decision comes already written as JSON (the intake has it for the stored payload): the messages are that text
     * plus each delivery's fields, never written again per route.
     */
    public List<UUID> plan(Decision decision, String decisionJson, List<Route> routes, Instant now, Batch batch) {
        boolean historical = Boolean.TRUE.equals(decision.historical());
        Timestamp at = Timestamp.from(now);
        UUID decisionId = UUID.fromString(decision.decisionId());
        UUID lineageId = UUID.fromString(decision.lineageId());
        List<UUID> ids = new ArrayList<>();
        for (Route route : routes) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            String code = route.department().code();
            Deadlines.DueDates due = historical ? null : deadlines.dueDates(now, decision.matter().code(), code);
            Timestamp signDue = due == null ? null : Timestamp.from(due.signDue());
            Timestamp startDue = due == null ? null : Timestamp.from(due.startDue());
            // the deadline scanner first looks at a delivery when its warning is due (DeadlineScanner)
            Timestamp signWarn = due == null ? null : Timestamp.from(due.signWarn());
            Timestamp startWarn = due == null ? null : Timestamp.from(due.startWarn());
            String channel = route.department().channel();
            batch.deliveries.add(new Object[] {id, decisionId, code, route.role().name(), channel,
                DeliveryStatus.PENDING.name(), route.rule(), route.version(), signDue, startDue, signWarn, startWarn,
                signWarn, startWarn, at, at});
            batch.events.add(new Object[] {id, DeliveryStatus.PENDING.name(), at, "hub", "routed by " + route.rule()});
            String body = message(decisionJson, id, code, route.role().name(), signDue, startDue);
            batch.outbox.add(new Object[] {id, lineageId, Queues.department(code), id.toString(), body, at,
                OutboxChannel.of(channel), code});
        }
        return ids;
    }

    /** Writes a batch (after the decisions it refers to) and empties it. */
    public void write(Batch batch) {
        if (batch.deliveries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into delivery (id, decision_id, department, role, channel, status, routing_rule, routing_version,
                    sign_due_at, start_due_at, sign_warn_at, start_warn_at, sign_check_at, start_check_at, created_at,
                    updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch.deliveries);
        jdbc.batchUpdate("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                batch.events);
        jdbc.batchUpdate("""
                insert into outbox (delivery_id, lineage_id, destination, duplicate_id, body, created_at, channel,
                    department)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", batch.outbox);
        batch.deliveries.clear();
        batch.events.clear();
        batch.outbox.clear();
    }

    /** Rows of several decisions' deliveries, written together. */
    public static final class Batch {
        private final List<Object[]> deliveries = new ArrayList<>();
        private final List<Object[]> events = new ArrayList<>();
        private final List<Object[]> outbox = new ArrayList<>();
    }

    /**
     * What a department receives for one delivery (mappings/schemas/delivery-message.schema.json): the decision
     * with the delivery's id, department, role and deadlines. The queue and the pull channel carry the same body.
     * The decision's own JSON object is extended in place, not parsed and written again: at thousands of deliveries
     * a second that second serialisation was a tenth of the intake's CPU (MarketViewPollBench, JFR).
     */
    static String message(String decisionJson, UUID deliveryId, String department, String role, Timestamp signDue,
            Timestamp startDue) {
        int end = decisionJson.lastIndexOf('}');
        if (!decisionJson.startsWith("{") || decisionJson.substring(1, Math.max(1, end)).isBlank()) {
            throw new IllegalArgumentException("a decision is a JSON object with fields");
        }
        StringBuilder body = new StringBuilder(decisionJson.length() + 200).append(decisionJson, 0, end);
        field(body, "deliveryId", deliveryId.toString());
        field(body, "department", department);
        field(body, "role", role);
        if (signDue != null) {
            field(body, "signDueAt", BeijingTime.of(signDue.toInstant()).toString());
            field(body, "startDueAt", BeijingTime.of(startDue.toInstant()).toString());
        }
        return body.append('}').toString();
    }

    private static void field(StringBuilder body, String name, String value) {
        body.append(",\"").append(name).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, body);
        body.append('"');
    }
}
