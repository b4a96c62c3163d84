package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends a department a message that is not a delivery — a case's letter, reply, refusal, warning or escalation
 * (issue 12), a verification task and its warning or escalation (issue 13) — on the department's channel, as its
 * decisions go: the broker for queue and browser departments, the signed HTTP
 * push for http ones; and keeps it in {@code notice}, which the pull channel lists beside the deliveries. The delivery
 * feature owns the outbox; the features that have something to say call this in their own transaction, so the
 * message is durable exactly when what it reports is. A message to an address that is no department's (a credit
 * record on {@code linkage.credit}, issue 13) goes the same way on the queue channel, with no department.
 */
@Component
public class Notices {

    /**
     * What to send: {@code about} names the thing ({@code "case"}, {@code "task"}; null for a message about nothing the
     * hub keeps, such as a refused case), {@code aboutId} its id, which the broker message carries as the property
     * {@code <about>Id} and the HTTP push as the header {@code X-Linkage-<About>-Id}; {@code duplicateId} must be
     * unique for all time (the broker drops a second message with the same id for ever), e.g.
     * {@code task:<id>:WARNING:<CODE>}. {@code channel} null: the department's own; {@link OutboxChannel#QUEUE} to
     * answer on the queue a message came by. {@code address} null: the department's queue; else a broker address
     * that is no department's (the credit system's {@code linkage.credit}), sent on the queue channel with
     * {@code department} null, so no department's feed lists it.
     */
    public record Notice(String department, String messageType, String about, UUID aboutId, UUID lineageId,
            String duplicateId, Map<String, Object> body, String channel, String address) {

        public Notice(String department, String messageType, String about, UUID aboutId, UUID lineageId,
                String duplicateId, Map<String, Object> body, String channel) {
            this(department, messageType, about, aboutId, lineageId, duplicateId, body, channel, null);
        }

        public Notice(String department, String messageType, String about, UUID aboutId, UUID lineageId,
                String duplicateId, Map<String, Object> body) {
            this(department, messageType, about, aboutId, lineageId, duplicateId, body, null, null);
        }

        /** A message to a broker address of its own, which is no department's, e.g. {@code linkage.credit}. */
        public static Notice toAddress(String address, String messageType, String about, UUID aboutId,
                UUID lineageId, String duplicateId, Map<String, Object> body) {
            return new Notice(null, messageType, about, aboutId, lineageId, duplicateId, body, OutboxChannel.QUEUE,
                    address);
        }
    }

    private final JdbcTemplate jdbc;
    private final DepartmentRegistry departments;
    private final OutboxDispatcher outbox;
    private final Json json;
    private final Clock clock;

    public Notices(JdbcTemplate jdbc, DepartmentRegistry departments, OutboxDispatcher outbox, Json json,
            Clock clock) {
        this.jdbc = jdbc;
        this.departments = departments;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Puts the notice in the outbox in the caller's transaction; a duplicate id already sent is not sent again. */
    public boolean send(Notice n) {
        String channel = n.channel() != null ? n.channel()
                : OutboxChannel.of(departments.find(n.department()).map(d -> d.channel()).orElse(null));
        String destination = n.address() != null ? n.address() : Queues.department(n.department());
        String text = json.write(n.body());
        Timestamp now = Timestamp.from(clock.instant());
        UUID id = UUID.randomUUID();
        int kept = jdbc.update("""
                insert into notice (id, department, message_type, about, about_id, duplicate_id, body, created_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (duplicate_id) do nothing""", id, n.department(),
                n.messageType(), n.about(), n.aboutId(), n.duplicateId(), text, now);
        if (kept == 0) {
            return false;
        }
        jdbc.update("""
                insert into outbox (delivery_id, notice_id, lineage_id, destination, duplicate_id, kind, body,
                    created_at, department, channel)
                values (null, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, n.lineageId(), destination,
                n.duplicateId(), n.messageType(), text, now, n.department(), channel);
        if (OutboxChannel.QUEUE.equals(channel) && TransactionSynchronizationManager.isSynchronizationActive()) {
            outbox.wakeUpAfterCommit();
        }
        return true;
    }
}
