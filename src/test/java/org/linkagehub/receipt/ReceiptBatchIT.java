package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.delivery.DeliveryStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * Receipts applied in sets (issue 17): a batch judges each receipt against what the ones before it left, exactly as
 * one at a time would, and a refused one stops nothing else.
 */
class ReceiptBatchIT extends HubIntegrationTest {

    @Autowired
    ReceiptService receipts;

    @Test
    void aBatchAppliesEachReceiptAsAloneInItsOrder() {
        Map<String, String> ids = decisionForZjAndYj("B");
        UUID zj = UUID.fromString(ids.get("ZJ"));
        UUID yj = UUID.fromString(ids.get("YJ"));
        UUID nobody = UUID.randomUUID();
        List<ReceiptService.Outcome> outcomes = receipts.applyAll(List.of(
                request(zj, "ZJ", DeliveryStatus.SIGNED, "张三"),
                request(zj, "ZJ", DeliveryStatus.SIGNED, null),
                request(yj, "YJ", DeliveryStatus.SUPERVISION_STARTED, null),
                request(yj, "YJ", DeliveryStatus.RETURNED, null),
                request(zj, "YJ", DeliveryStatus.SIGNED, null),
                request(nobody, "ZJ", DeliveryStatus.SIGNED, null),
                request(zj, "ZJ", DeliveryStatus.DELIVERED, null)));

        assertThat(outcomes.get(0).added()).containsExactly(DeliveryStatus.SIGNED);
        assertThat(outcomes.get(1).added()).as("a repeat changes nothing").isEmpty();
        assertThat(outcomes.get(1).refusal()).isNull();
        assertThat(outcomes.get(2).added()).containsExactly(DeliveryStatus.SIGNED, DeliveryStatus.SUPERVISION_STARTED);
        assertThat(outcomes.get(3).refusal().status()).as("returned after supervision started")
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(outcomes.get(4).refusal().status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(outcomes.get(4).refusal().getMessage()).isEqualTo("not yours: " + zj);
        assertThat(outcomes.get(5).refusal().status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(outcomes.get(6).refusal().status()).isEqualTo(HttpStatus.BAD_REQUEST);

        assertThat(history(zj)).filteredOn("SIGNED"::equals).hasSize(1);
        assertThat(history(yj)).endsWith("SIGNED", "SUPERVISION_STARTED");
        assertThat(jdbc.queryForObject("select note from delivery_event where delivery_id = ? and status = 'SIGNED'",
                String.class, yj)).isEqualTo("implied by SUPERVISION_STARTED");
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ? and status = 'SIGNED'",
                String.class, zj)).isEqualTo("test:ZJ (张三)");
        assertThat(status(zj)).isEqualTo("SIGNED");
        assertThat(status(yj)).isEqualTo("SUPERVISION_STARTED");
        // the signing figures' columns, set with the status, equal what the delivery_event trigger would have set
        for (UUID id : List.of(zj, yj)) {
            Map<String, Object> row = jdbc.queryForMap("""
                    select d.signed_at = e.at as same, d.sign_working_days = delivery_sign_working_days(d.created_at, e.at)
                        as days
                    from delivery d join delivery_event e on e.delivery_id = d.id and e.status = 'SIGNED'
                    where d.id = ?""", id);
            assertThat(row).containsEntry("same", true).containsEntry("days", true);
        }
    }

    @Test
    void receiptsSentTogetherByQueueAreAppliedOnceAndTheBadOnesRefused() throws Exception {
        Map<String, String> ids = decisionForZjAndYj("C");
        String zj = ids.get("ZJ");
        String marker = UUID.randomUUID().toString();
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer send = session.createProducer(session.createQueue("linkage.receipts.ZJ"));
            for (int i = 0; i < 3; i++) {
                send.send(session.createTextMessage("{\"deliveryId\":\"" + zj + "\",\"status\":\"SIGNED\",\"note\":\""
                        + marker + "\"}"));
            }
            send.send(session.createTextMessage("not json " + marker));
            send.send(session.createTextMessage("{\"deliveryId\":\"" + ids.get("YJ") + "\",\"status\":\"SIGNED\","
                    + "\"note\":\"" + marker + "\"}"));
            session.commit();
        }
        Map<String, Long> outcomes = await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Long> counted = new HashMap<>();
            jdbc.query("""
                    select outcome, count(*) as n from raw_input
                    where source = 'receipts' and transport = 'queue' and convert_from(body, 'UTF8') like ?
                    group by outcome""", rs -> {
                counted.put(rs.getString("outcome"), rs.getLong("n"));
            }, "%" + marker + "%");
            return counted;
        }, counted -> counted.getOrDefault("APPLIED", 0L) + counted.getOrDefault("REFUSED", 0L) == 5);
        assertThat(outcomes).containsEntry("APPLIED", 3L).containsEntry("REFUSED", 2L);
        assertThat(history(UUID.fromString(zj))).filteredOn("SIGNED"::equals).hasSize(1);
        assertThat(status(UUID.fromString(ids.get("YJ")))).isNotEqualTo("SIGNED");
        assertThat(jdbc.queryForList("""
                select f.reason from receipt_refusal f join raw_input r on r.id = f.raw_input_id
                where convert_from(r.body, 'UTF8') like ? order by f.id""", String.class, "%" + marker + "%"))
                .satisfiesExactly(r -> assertThat(r).contains("not valid JSON"),
                        r -> assertThat(r).contains("no delivery " + ids.get("YJ") + " for department ZJ"));
    }

    private static ReceiptService.Request request(UUID id, String owner, DeliveryStatus status, String signedBy) {
        return new ReceiptService.Request(id, owner, "not yours: " + id, new Receipt(status, signedBy, null),
                "test:" + owner);
    }

    private Map<String, String> decisionForZjAndYj(String tag) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批建许〔2026〕" + tag + id + "号";
        String body = """
                {"eventId":"EV-%s-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(tag, id, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, String> ids = new HashMap<>();
            jdbc.query("""
                    select d.department, d.id::text as id from delivery d join decision c on c.id = d.decision_id
                    where c.document_number = ?""", rs -> {
                ids.put(rs.getString("department"), rs.getString("id"));
            }, doc);
            return ids;
        }, ids -> ids.size() == 2);
    }

    private List<String> history(UUID deliveryId) {
        return jdbc.queryForList("select status from delivery_event where delivery_id = ? order by id", String.class,
                deliveryId);
    }

    private String status(UUID deliveryId) {
        return jdbc.queryForObject("select status from delivery where id = ?", String.class, deliveryId);
    }
}
