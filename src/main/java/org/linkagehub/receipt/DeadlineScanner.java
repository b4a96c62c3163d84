package org.linkagehub.receipt;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.deadlines.DeadlineKind;
import org.linkagehub.deadlines.DeadlineProperties;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.delivery.OutboxChannel;
import org.linkagehub.delivery.OutboxDispatcher;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches every open deadline (route {@code deadline-scan}). Each delivery carries, per deadline, the time the
 * scanner must next look at it: first the warning time, then the deadline. When a warning falls due the
 * delivery gets a {@code WARNED} event and the department a WARNING message; when the deadline passes unmet
 * the department gets a REMINDER ({@code REMINDED}) and the oversight office (督查室) an ESCALATION
 * ({@code ESCALATED}, a row in {@code escalation}). Messages go through the outbox, each with its own
 * duplicate id: the broker would drop a reminder that reused the delivery's id for ever.
 *
 * <p>Batched: one query claims up to {@code linkage.deadlines.batch-size} deliveries with
 * {@code for update skip locked}, so two hubs scanning at once never handle the same delivery twice.
 * Sign-for deadlines are met by SIGNED (or SUPERVISION_STARTED), start deadlines by SUPERVISION_STARTED; a
 * RETURNED delivery awaits re-routing and is not chased. Deliveries of historical decisions have no deadlines.
 */
@Component
public class DeadlineScanner {

    private static final Logger log = LoggerFactory.getLogger(DeadlineScanner.class);
    private static final String HUB = "hub";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Json json;
    private final OutboxDispatcher outbox;
    private final Department oversight;
    private final int batchSize;
    private volatile Instant lastScan;

    public DeadlineScanner(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, Json json,
            OutboxDispatcher outbox, DepartmentRegistry departments, DeadlineProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.json = json;
        this.outbox = outbox;
        this.oversight = departments.all().stream().filter(d -> "oversight".equals(d.role())).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "mappings/routing/departments.yaml has no department with role: oversight (督查室) to escalate to"));
        this.batchSize = properties.batchSize();
    }

    /** One pass over every deadline whose warning or due time has come; returns the actions taken. */
    public int scan() {
        Instant now = clock.instant();
        int actions = 0;
        for (DeadlineKind kind : DeadlineKind.values()) {
            int claimed;
            do {
                Batch batch = transaction.execute(tx -> scanBatch(kind, now));
                claimed = batch.claimed();
                actions += batch.actions();
                if (batch.queued()) {
                    outbox.wakeUp();
                }
            } while (claimed == batchSize);
        }
        lastScan = now;
        return actions;
    }

    /** The time the last complete scan looked at; null before the first one. */
    public Instant lastScan() {
        return lastScan;
    }

    private Batch scanBatch(DeadlineKind kind, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<Row> rows = jdbc.query("""
                select d.id, d.department, d.channel, d.status, d.%1$s_due_at as due_at, d.decision_id, c.lineage_id,
                       c.document_number, c.matter_code
                from delivery d join decision c on c.id = d.decision_id
                where d.%1$s_check_at <= ? order by d.%1$s_check_at limit ?
                for update of d skip locked""".formatted(kind.column()),
                (rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("department"), rs.getString("channel"),
                        DeliveryStatus.valueOf(rs.getString("status")), rs.getTimestamp("due_at").toInstant(),
                        rs.getObject("decision_id", UUID.class), rs.getObject("lineage_id", UUID.class),
                        rs.getString("document_number"), rs.getString("matter_code")),
                at, batchSize);
        List<Object[]> nextCheck = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        List<Object[]> messages = new ArrayList<>();
        List<Object[]> escalations = new ArrayList<>();
        int actions = 0;
        boolean queued = false;
        for (Row row : rows) {
            if (met(kind, row.status())) {
                nextCheck.add(new Object[] {null, row.id()});
                continue;
            }
            String due = BeijingTime.of(row.dueAt()).toString();
            if (now.isBefore(row.dueAt())) {
                events.add(new Object[] {row.id(), "WARNED", at, HUB, kind.label() + " deadline " + due + " is near"});
                messages.add(message(row, "WARNING", "warning:" + kind + ":" + row.id(), notice(row, kind, "WARNING"),
                        at, row.department(), OutboxChannel.of(row.channel())));
                nextCheck.add(new Object[] {Timestamp.from(row.dueAt()), row.id()});
            } else {
                UUID escalation = UUID.randomUUID();
                String toDepartment = Queues.department(row.department());
                events.add(new Object[] {row.id(), "REMINDED", at, HUB,
                    kind.label() + " deadline " + due + " passed; reminder sent to " + toDepartment});
                messages.add(message(row, "REMINDER", "reminder:" + kind + ":" + row.id(), notice(row, kind, "REMINDER"),
                        at, row.department(), OutboxChannel.of(row.channel())));
                escalations.add(new Object[] {escalation, row.id(), row.department(), row.documentNumber(),
                    row.matterCode(), kind.name(), Timestamp.from(row.dueAt()), at, row.status().name()});
                events.add(new Object[] {row.id(), "ESCALATED", at, HUB,
                    kind.label() + " deadline missed; escalation " + escalation + " sent to " + oversight.code()});
                var body = notice(row, kind, "ESCALATION");
                body.put("escalationId", escalation.toString());
                body.put("escalatedAt", BeijingTime.of(now).toString());
                messages.add(message(row, "ESCALATION", "escalation:" + escalation, body, at, oversight.code(),
                        OutboxChannel.of(oversight.channel())));
                nextCheck.add(new Object[] {null, row.id()});
                log.warn("Delivery {} to {} missed its {} deadline {}: reminded and escalated as {}", row.id(),
                        row.department(), kind.label(), due, escalation);
            }
            actions++;
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("update delivery set " + kind.column() + "_check_at = ? where id = ?", nextCheck);
            jdbc.batchUpdate("""
                    insert into escalation (id, delivery_id, department, document_number, matter_code, kind, due_at,
                        escalated_at, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", escalations);
            jdbc.batchUpdate("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                    events);
            jdbc.batchUpdate("""
                    insert into outbox (delivery_id, lineage_id, destination, duplicate_id, kind, body, created_at,
                        department, channel)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", messages);
            queued = messages.stream().anyMatch(m -> OutboxChannel.QUEUE.equals(m[8]));
        }
        return new Batch(rows.size(), actions, queued);
    }

    /** Whether a delivery in {@code status} no longer owes this deadline. RETURNED awaits re-routing instead. */
    private static boolean met(DeadlineKind kind, DeliveryStatus status) {
        return status == DeliveryStatus.RETURNED || status == DeliveryStatus.SUPERVISION_STARTED
                || (kind == DeadlineKind.SIGN && status == DeliveryStatus.SIGNED);
    }

    /** What a department (or the oversight office) is told: enough to find the delivery, not the decision again. */
    private Map<String, String> notice(Row row, DeadlineKind kind, String type) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("messageType", type);
        body.put("deliveryId", row.id().toString());
        body.put("decisionId", row.decisionId().toString());
        body.put("department", row.department());
        body.put("documentNumber", row.documentNumber());
        body.put("matterCode", row.matterCode());
        body.put("deadline", kind.name());
        body.put("dueAt", BeijingTime.of(row.dueAt()).toString());
        body.put("status", row.status().name());
        return body;
    }

    private Object[] message(Row row, String type, String duplicateId, Map<String, String> body, Timestamp at,
            String department, String channel) {
        return new Object[] {row.id(), row.lineageId(), Queues.department(department), duplicateId, type,
            json.write(body), at, department, channel};
    }

    private record Row(UUID id, String department, String channel, DeliveryStatus status, Instant dueAt,
            UUID decisionId, UUID lineageId, String documentNumber, String matterCode) {
    }

    private record Batch(int claimed, int actions, boolean queued) {
    }
}
