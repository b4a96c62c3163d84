package org.linkagehub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.linkagehub.platform.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * DELIVERED for the queue channel: the department's consumer received the message. The broker says so in a
 * MESSAGE_DELIVERED notification (Artemis' NotificationActiveMQServerPlugin), which names only the broker's own
 * message id; a divert copies each department message when it is routed, and the copy carries that id as
 * {@code _AMQ_ORIG_MESSAGE_ID} beside the hub's {@code deliveryId}. Both land on the hub's tracking queue
 * (route {@code queue-delivered}) and meet in {@code queue_message}, in whichever order they arrive. Only the
 * department's own broker user (and the hub) may consume its queue, so that user is the actor. DELIVERED never
 * moves a delivery backwards: only PENDING or DISPATCHED deliveries change.
 */
@Component
public class QueueDeliveries {

    static final String NOTIFICATION_TYPE = "_AMQ_NotifType";
    static final String NOTIFIED_ADDRESS = "_AMQ_Address";
    static final String NOTIFIED_MESSAGE_ID = "_AMQ_Message_ID";
    static final String ORIGINAL_MESSAGE_ID = "_AMQ_ORIG_MESSAGE_ID";
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private static final Logger log = LoggerFactory.getLogger(QueueDeliveries.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;

    public QueueDeliveries(JdbcTemplate jdbc, Clock clock,
            @Value("${linkage.queues.tracking-retention:P7D}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    @Transactional
    public void track(Exchange exchange) throws JMSException {
        Message message = exchange.getIn(JmsMessage.class).getJmsMessage();
        Timestamp now = Timestamp.from(clock.instant());
        if ("MESSAGE_DELIVERED".equals(message.getStringProperty(NOTIFICATION_TYPE))) {
            String queue = message.getStringProperty(NOTIFIED_ADDRESS);
            long id = message.getLongProperty(NOTIFIED_MESSAGE_ID);
            Timestamp at = new Timestamp(message.getJMSTimestamp() > 0 ? message.getJMSTimestamp() : now.getTime());
            List<Map<String, Object>> row = jdbc.queryForList("""
                    insert into queue_message (queue, broker_message_id, delivered_at, recorded_at) values (?, ?, ?, ?)
                    on conflict (queue, broker_message_id) do update set delivered_at = coalesce(queue_message.delivered_at,
                        excluded.delivered_at)
                    returning delivery_id, message_type, delivered_at""", queue, id, at, now);
            complete(queue, row.get(0), id);
        } else if (message.propertyExists(ORIGINAL_MESSAGE_ID) && message.propertyExists("deliveryId")) {
            String queue = message.getStringProperty(ORIGINAL_ADDRESS);
            long id = message.getLongProperty(ORIGINAL_MESSAGE_ID);
            List<Map<String, Object>> row = jdbc.queryForList("""
                    insert into queue_message (queue, broker_message_id, delivery_id, message_type, recorded_at)
                    values (?, ?, ?::uuid, ?, ?)
                    on conflict (queue, broker_message_id) do update set delivery_id = excluded.delivery_id,
                        message_type = excluded.message_type
                    returning delivery_id, message_type, delivered_at""", queue, id,
                    message.getStringProperty("deliveryId"), message.getStringProperty("messageType"), now);
            complete(queue, row.get(0), id);
        }
    }

    private void complete(String queue, Map<String, Object> row, long brokerMessageId) {
        Object deliveryId = row.get("delivery_id");
        Object deliveredAt = row.get("delivered_at");
        Object type = row.get("message_type");
        if (deliveryId == null || deliveredAt == null) {
            return;
        }
        // both halves have met: the row has done its work
        jdbc.update("delete from queue_message where queue = ? and broker_message_id = ?", queue, brokerMessageId);
        if (type != null && !"DECISION".equals(type)) {
            return;
        }
        Instant at = ((Timestamp) deliveredAt).toInstant();
        String actor = "broker:" + queue.substring(Queues.DEPARTMENT_PREFIX.length()).toLowerCase(Locale.ROOT);
        List<String> before = jdbc.queryForList("select status from delivery where id = ? for update", String.class,
                deliveryId);
        if (before.isEmpty()) {
            return;
        }
        DeliveryStatus current = DeliveryStatus.valueOf(before.get(0));
        if (current != DeliveryStatus.PENDING && current != DeliveryStatus.DISPATCHED) {
            return;
        }
        Timestamp time = Timestamp.from(at);
        if (current == DeliveryStatus.PENDING) {
            jdbc.update("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                    deliveryId, DeliveryStatus.DISPATCHED.name(), time, "broker", "implied by DELIVERED");
        }
        jdbc.update("insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                deliveryId, DeliveryStatus.DELIVERED.name(), time, actor, "received by the consumer of " + queue);
        jdbc.update("update delivery set status = ?, updated_at = ? where id = ?", DeliveryStatus.DELIVERED.name(),
                Timestamp.from(clock.instant()), deliveryId);
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
