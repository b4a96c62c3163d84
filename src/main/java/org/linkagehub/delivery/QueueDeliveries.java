package org.linkagehub.delivery;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.linkagehub.platform.QueueBatches;
import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DELIVERED for the queue channel: the department's consumer received the message. The broker says so in a
 * MESSAGE_DELIVERED notification (Artemis' NotificationActiveMQServerPlugin), which names only the broker's own
 * message id; a divert copies each department message when it is routed, and the copy carries that id as
 * {@code _AMQ_ORIG_MESSAGE_ID} beside the hub's {@code deliveryId}. Both land on the hub's tracking queue
 * (route {@code queue-delivered}) and meet in {@code queue_message}, in whichever order they arrive. Only the
 * department's own broker user (and the hub) may consume its queue, so that user is the actor. DELIVERED never
 * moves a delivery backwards: only PENDING or DISPATCHED deliveries change.
 *
 * <p>Two messages per delivery reach the tracking queue, so it is drained in batches: one JMS and one database
 * transaction for up to {@code linkage.queues.tracking-batch-size} messages. With one transaction of each per message
 * (a Camel JMS consumer) the tracking fell far behind the intake: MarketViewPollBench had tracked 8,128 of 60,000
 * divert copies when its outbox was empty, and the consumer's per-message overhead was a fifth of the hub's CPU. The
 * database commits first: a crash before the JMS commit redelivers the batch, and tracking it again changes nothing
 * (the halves are upserted, a delivery moves only from PENDING or DISPATCHED). After a failed batch its messages
 * are taken one at a time, so one that always fails reaches the dead-letter queue alone.
 */
@Component
public class QueueDeliveries implements DisposableBean {

    static final String NOTIFICATION_TYPE = "_AMQ_NotifType";
    static final String NOTIFIED_ADDRESS = "_AMQ_Address";
    static final String NOTIFIED_MESSAGE_ID = "_AMQ_Message_ID";
    static final String ORIGINAL_MESSAGE_ID = "_AMQ_ORIG_MESSAGE_ID";
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private static final Logger log = LoggerFactory.getLogger(QueueDeliveries.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration retention;
    /** The tracking queue's transacted session, drained in batches. */
    private final QueueBatches batches;

    public QueueDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction, ConnectionFactory connectionFactory,
            Clock clock, @Value("${linkage.queues.tracking-retention:P7D}") Duration retention,
            @Value("${linkage.queues.tracking:linkage.hub.tracking}") String trackingQueue,
            @Value("${linkage.queues.tracking-batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.retention = retention;
        this.batches = new QueueBatches(connectionFactory, trackingQueue, batchSize, "Tracking queue");
    }

    /**
     * Takes everything the tracking queue holds, a batch at a time (route {@code queue-delivered}, on a timer).
     * Returns how many messages were tracked; 0 when another drain is running or the broker cannot be reached.
     */
    public int drain() {
        return batches.drain(batch -> transaction.executeWithoutResult(tx -> {
            List<Met> met = new ArrayList<>();
            List<String> done = new ArrayList<>();
            batch.forEach(m -> track(m, met, done));
            forget(done);
            deliver(met);
        }));
    }

    @Override
    public void destroy() {
        batches.close();
    }

    /** A delivery whose two halves have met: its consumer on {@code queue} received it at {@code at}. */
    private record Met(UUID deliveryId, Timestamp at, String queue) {
    }

    /**
     * One message of the tracking queue, inside the batch's database transaction; a match is added to {@code met}, and
     * the row where its halves met to {@code done}.
     */
    private void track(Message message, List<Met> met, List<String> done) {
        try {
            Timestamp now = Timestamp.from(clock.instant());
            if ("MESSAGE_DELIVERED".equals(message.getStringProperty(NOTIFICATION_TYPE))) {
                String queue = message.getStringProperty(NOTIFIED_ADDRESS);
                long id = message.getLongProperty(NOTIFIED_MESSAGE_ID);
                Timestamp at = new Timestamp(message.getJMSTimestamp() > 0 ? message.getJMSTimestamp() : now.getTime());
                List<Map<String, Object>> row = jdbc.queryForList("""
                        insert into queue_message (queue, broker_message_id, delivered_at, recorded_at) values (?, ?, ?, ?)
                        on conflict (queue, broker_message_id) do update set delivered_at = coalesce(queue_message.delivered_at,
                            excluded.delivered_at)
                        returning ctid::text, delivery_id, message_type, delivered_at""", queue, id, at, now);
                complete(queue, row.get(0), met, done);
            } else if (message.propertyExists(ORIGINAL_MESSAGE_ID) && message.propertyExists("deliveryId")) {
                String queue = message.getStringProperty(ORIGINAL_ADDRESS);
                long id = message.getLongProperty(ORIGINAL_MESSAGE_ID);
                List<Map<String, Object>> row = jdbc.queryForList("""
                        insert into queue_message (queue, broker_message_id, delivery_id, message_type, recorded_at)
                        values (?, ?, ?::uuid, ?, ?)
                        on conflict (queue, broker_message_id) do update set delivery_id = excluded.delivery_id,
                            message_type = excluded.message_type
                        returning ctid::text, delivery_id, message_type, delivered_at""", queue, id,
                        message.getStringProperty("deliveryId"), message.getStringProperty("messageType"), now);
                complete(queue, row.get(0), met, done);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable tracking message: " + e.getMessage(), e);
        }
    }

    private void complete(String queue, Map<String, Object> row, List<Met> met, List<String> done) {
        Object deliveryId = row.get("delivery_id");
        Object deliveredAt = row.get("delivered_at");
        Object type = row.get("message_type");
        if (deliveryId == null || deliveredAt == null) {
            return;
        }
        // both halves have met: the row has done its work (deleted with the batch's others, forget)
        done.add((String) row.get("ctid"));
        if (type != null && !"DECISION".equals(type)) {
            return;
        }
        met.add(new Met((UUID) deliveryId, (Timestamp) deliveredAt, queue));
    }

    /**
     * Deletes the rows whose halves met in this batch, in one statement, by the row versions the upserts wrote (this
     * transaction's own). One delete by key per met pair was the first statement at saturation (issue 17): the table
     * is nearly empty by design, so the planner read it whole for each. A row met twice in one batch (a redelivered
     * notification) is listed under both versions; the older is already gone and deletes nothing.
     */
    private void forget(List<String> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("delete from queue_message where ctid = any(?::text[]::tid[])");
            ps.setArray(1, con.createArrayOf("text", rows.toArray()));
            return ps;
        });
    }

    /**
     * Marks a batch's matched deliveries DELIVERED in sets: locked once, in id order (as the receipts lock theirs,
     * so a tracking batch and a receipts batch wait for each other instead of deadlocking), their events appended
     * in one batch in the order the messages came, their status set in one statement. A delivery already past
     * DISPATCHED (signed for first, returned) is left as it is.
     */
    private void deliver(List<Met> met) {
        if (met.isEmpty()) {
            return;
        }
        Map<UUID, DeliveryStatus> current = new HashMap<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "select id, status from delivery where id = any(?) order by id for update");
            ps.setArray(1, con.createArrayOf("uuid", met.stream().map(Met::deliveryId).distinct().toArray()));
            return ps;
        }, rs -> {
            current.put(rs.getObject("id", UUID.class), DeliveryStatus.valueOf(rs.getString("status")));
        });
        List<Object[]> events = new ArrayList<>();
        List<UUID> delivered = new ArrayList<>();
        for (Met m : met) {
            DeliveryStatus status = current.get(m.deliveryId());
            if (status != DeliveryStatus.PENDING && status != DeliveryStatus.DISPATCHED) {
                continue;
            }
            if (status == DeliveryStatus.PENDING) {
                events.add(new Object[] {m.deliveryId(), DeliveryStatus.DISPATCHED.name(), m.at(), "broker",
                    "implied by DELIVERED"});
            }
            String actor = "broker:" + m.queue().substring(Queues.DEPARTMENT_PREFIX.length()).toLowerCase(Locale.ROOT);
            events.add(new Object[] {m.deliveryId(), DeliveryStatus.DELIVERED.name(), m.at(), actor,
                "received by the consumer of " + m.queue()});
            current.put(m.deliveryId(), DeliveryStatus.DELIVERED);
            delivered.add(m.deliveryId());
        }
        if (delivered.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                events);
        // the status alone, no indexed column: each row is updated on its page, with no index entry (migration V33)
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("update delivery set status = ? where id = any(?)");
            ps.setString(1, DeliveryStatus.DELIVERED.name());
            ps.setArray(2, con.createArrayOf("uuid", delivered.toArray()));
            return ps;
        });
    }

    /**
     * Deletes the halves that never met and never will: a notification for a message the hub did not send through
     * a divert (a redelivery's second notification, a message an operator moved by hand), or a divert copy whose
     * message expired unread. Route {@code queue-message-trim}; returns how many rows went.
     */
    public int trim() {
        int n = jdbc.update("delete from queue_message where recorded_at < ?",
                Timestamp.from(clock.instant().minus(retention)));
        if (n > 0) {
            log.info("Deleted {} unmatched queue-tracking rows older than {}", n, retention);
        }
        return n;
    }
}
