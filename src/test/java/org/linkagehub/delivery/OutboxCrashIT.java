package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hub dies after the broker took a batch but before the outbox rows were deleted: on restart the same
 * rows are sent again with the same duplicate ids, and the department still sees each delivery once.
 */
class OutboxCrashIT extends HubIntegrationTest {

    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    ObjectMapper json;

    @Test
    void aBatchResentAfterACrashReachesTheDepartmentOnce() throws Exception {
        String doc = "石审批许〔2026〕C" + UUID.randomUUID().toString().substring(0, 8) + "号";
        String body = """
                {"eventId":"EV-C-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-HB-0012","spsxmc":"排污许可",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"石嘴山市星海建材有限公司","jsdwdm":"91640221MA7D4E5F6N"}"""
                .formatted(UUID.randomUUID(), doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        String deliveryId = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.status = 'DISPATCHED'""", String.class, doc).stream().findFirst()
                .orElse(null), id -> id != null);

        // what the outbox held before the crash: the row the lost transaction would have deleted
        String message = jdbc.queryForObject("""
                select e.note from delivery_event e where e.delivery_id = ?::uuid and e.status = 'DISPATCHED'""",
                String.class, deliveryId);
        assertThat(message).isEqualTo("sent to linkage.dept.STHJ");
        jdbc.update("""
                insert into outbox (delivery_id, lineage_id, destination, duplicate_id, body, created_at)
                select d.id, c.lineage_id, 'linkage.dept.STHJ', d.id::text, '{"deliveryId":"' || d.id || '"}', now()
                from delivery d join decision c on c.id = d.decision_id where d.id = ?::uuid""", deliveryId);
        await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.backlog() == 0 || dispatcher.drain() >= 0
                && dispatcher.backlog() == 0);

        List<String> seen = new ArrayList<>();
        try (Connection connection = departmentConnection("sthj", "demo-sthj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept.STHJ"))) {
            TextMessage m;
            while ((m = (TextMessage) consumer.receive(2_000)) != null) {
                String id = json.readTree(m.getText()).path("deliveryId").asText();
                if (id.equals(deliveryId)) {
                    seen.add(id);
                }
            }
        }
        assertThat(seen).containsExactly(deliveryId);
        assertThat(jdbc.queryForObject("select count(*) from delivery_event where delivery_id = ?::uuid and status = 'DISPATCHED'",
                Integer.class, deliveryId)).isEqualTo(1);
    }
}
