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
import org.linkagehub.delivery.DeliveryLedger;
import org.linkagehub.delivery.DeliveryLedger.Due;
import org.linkagehub.delivery.DeliveryLedger.Event;
import org.linkagehub.delivery.DeliveryLedger.Message;
import org.linkagehub.delivery.DeliveryLedger.NextCheck;
import org.linkagehub.delivery.Lateness;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
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
 * {@code for update skip locked}, so two hubs scanning at once never handle the same delivery twice. The rule and
 * the {@code escalation} rows are this class's; the deliveries' rows, events and messages are written by
 * {@link DeliveryLedger}, all of one batch in one transaction.
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
    private final DeliveryLedger ledger;
    private final Department oversight;
    private final int batchSize;
    private volatile Instant lastScan;

    public DeadlineScanner(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, DeliveryLedger ledger,
            DepartmentRegistry departments, DeadlineProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.ledger = ledger;
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
                // the ledger wakes the outbox dispatcher once the batch has committed
                Batch batch = transaction.execute(tx -> scanBatch(kind, now));
                claimed = batch.claimed();
                actions += batch.actions();
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
        List<Due> rows = ledger.claimDue(kind, now, batchSize);
        List<NextCheck> nextCheck = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        List<Object[]> escalations = new ArrayList<>();
        int actions = 0;
        for (Due row : rows) {
            if (!Lateness.owes(kind, row.status())) {
                nextCheck.add(new NextCheck(row.id(), null));
                continue;
            }
            String due = BeijingTime.of(row.dueAt()).toString();
            if (now.isBefore(row.dueAt())) {
                events.add(new Event(row.id(), "WARNED", now, HUB, kind.label() + " deadline " + due + " is near"));
                messages.add(message(row, "WARNING", "warning:" + kind + ":" + row.id(), notice(row, kind, "WARNING"),
                        now, row.department(), row.channel()));
                nextCheck.add(new NextCheck(row.id(), row.dueAt()));
            } else {
                UUID escalation = UUID.randomUUID();
                String toDepartment = Queues.department(row.department());
                events.add(new Event(row.id(), "REMINDED", now, HUB,
                        kind.label() + " deadline " + due + " passed; reminder sent to " + toDepartment));
                messages.add(message(row, "REMINDER", "reminder:" + kind + ":" + row.id(),
                        notice(row, kind, "REMINDER"), now, row.department(), row.channel()));
                escalations.add(new Object[] {escalation, row.id(), row.department(), row.documentNumber(),
                    row.matterCode(), kind.name(), Timestamp.from(row.dueAt()), at, row.status().name()});
                events.add(new Event(row.id(), "ESCALATED", now, HUB,
                        kind.label() + " deadline missed; escalation " + escalation + " sent to " + oversight.code()));
                var body = notice(row, kind, "ESCALATION");
                body.put("escalationId", escalation.toString());
                body.put("escalatedAt", BeijingTime.of(now).toString());
                messages.add(message(row, "ESCALATION", "escalation:" + escalation, body, now, oversight.code(),
                        oversight.channel()));
                nextCheck.add(new NextCheck(row.id(), null));
                log.warn("Delivery {} to {} missed its {} deadline {}: reminded and escalated as {}", row.id(),
                        row.department(), kind.label(), due, escalation);
            }
            actions++;
        }
        if (!rows.isEmpty()) {
            ledger.setNextChecks(kind, nextCheck);
            jdbc.batchUpdate("""
                    insert into escalation (id, delivery_id, department, document_number, matter_code, kind, due_at,
                        escalated_at, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", escalations);
            ledger.appendEvents(events);
            ledger.queueMessages(messages);
        }
        return new Batch(rows.size(), actions);
    }

    /** What a department (or the oversight office) is told: enough to find the delivery, not the decision again. */
    private Map<String, String> notice(Due row, DeadlineKind kind, String type) {
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

    private static Message message(Due row, String type, String duplicateId, Map<String, String> body, Instant at,
            String department, String channel) {
        return new Message(row.id(), row.lineageId(), department, channel, type, duplicateId, body, at);
    }

    private record Batch(int claimed, int actions) {
    }
}
