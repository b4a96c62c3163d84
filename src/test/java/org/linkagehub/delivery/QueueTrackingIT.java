package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The queue-tracking table holds only what is still waiting for its other half: a delivery's row goes when the
 * broker's notification and the divert copy meet, and halves that never meet are trimmed after the retention.
 * The tracking queue is drained in batches; a message that cannot be tracked holds up none of the others.
 */
class QueueTrackingIT extends HubIntegrationTest {

    @Autowired
    QueueDeliveries deliveries;
    @Autowired
    ConnectionFactory hub;

    @Test
    void theRowOfADeliveredMessageIsGoneOnceBothHalvesMet() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批建许〔2026〕T" + tag + "号";
        assertThat(postSigned("""
                {"eventId":"EV-T-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(tag, doc)).statusCode()).isEqualTo(200);
        String zj = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'ZJ'""", String.class, doc), ids -> ids.size() == 1).get(0);
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept.ZJ"),
                    "deliveryId = '" + zj + "'");
            assertThat(consumer.receive(10_000)).isNotNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select status from delivery where id = ?::uuid", String.class, zj), "DELIVERED"::equals);
        assertThat(jdbc.queryForObject("select count(*) from queue_message where delivery_id = ?::uuid", Integer.class,
                zj)).isZero();
    }

    @Test
    void halvesThatNeverMetAreTrimmedAfterTheRetention() {
        Instant now = Instant.now();
        long stale = -System.nanoTime();
        long fresh = stale - 1;
        jdbc.update("insert into queue_message (queue, broker_message_id, delivered_at, recorded_at) values (?, ?, ?, ?)",
                "linkage.dept.ZJ", stale, Timestamp.from(now), Timestamp.from(now.minus(Duration.ofDays(8))));
        jdbc.update("insert into queue_message (queue, broker_message_id, delivered_at, recorded_at) values (?, ?, ?, ?)",
                "linkage.dept.ZJ", fresh, Timestamp.from(now), Timestamp.from(now.minus(Duration.ofDays(6))));

        assertThat(deliveries.trim()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForList("select broker_message_id from queue_message where broker_message_id in (?, ?)",
                Long.class, stale, fresh)).containsExactly(fresh);
    }

    @Test
    void aMessageThatCannotBeTrackedHoldsUpNoneOfItsBatch() throws Exception {
        String tag = UUID.randomUUID().toString();
        long first = -System.nanoTime();
        try (Connection connection = hub.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("linkage.hub.tracking"));
            // a divert copy whose delivery id is no UUID: its insert fails every time
            Message poison = session.createTextMessage("{}");
            poison.setLongProperty(QueueDeliveries.ORIGINAL_MESSAGE_ID, first);
            poison.setStringProperty(QueueDeliveries.ORIGINAL_ADDRESS, "linkage.dept.ZJ");
            poison.setStringProperty("deliveryId", "not-a-uuid");
            poison.setStringProperty("poison", tag);
            producer.send(poison);
            for (int i = 1; i <= 20; i++) {
                Message notification = session.createMessage();
                notification.setStringProperty(QueueDeliveries.NOTIFICATION_TYPE, "MESSAGE_DELIVERED");
                notification.setStringProperty(QueueDeliveries.NOTIFIED_ADDRESS, "linkage.dept.ZJ");
                notification.setLongProperty(QueueDeliveries.NOTIFIED_MESSAGE_ID, first - i);
                producer.send(notification);
            }
            session.commit();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from queue_message where broker_message_id between ? and ? and delivered_at is not null",
                Integer.class, first - 20, first - 1), n -> n == 20);

        // the poison goes on to the dead-letter queue after its attempts; take it away now, for the other tests
        try (Connection connection = hub.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.hub.tracking"),
                    "poison = '" + tag + "'");
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.receive(1_000) != null);
        }
        jdbc.update("delete from queue_message where broker_message_id between ? and ?", first - 20, first - 1);
    }
}
