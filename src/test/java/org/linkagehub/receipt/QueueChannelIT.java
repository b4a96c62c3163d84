package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Departments played by real clients over the three protocols of the broker: each reads its own queue and is
 * refused on another's, may send only receipts and feedback; the consumer's read makes a delivery DELIVERED; receipts
 * by queue move it on, and foreign or malformed ones are kept with their reason.
 */
class QueueChannelIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    /** The hub's own full-rights connection factory (in-VM): reads what departments sent as the broker keeps it. */
    @Autowired
    ConnectionFactory hubConnections;

    @Test
    void aCoreJmsConsumerReadsItsQueueTheReadIsDeliveredAndAQueueReceiptSigns() throws Exception {
        Map<String, String> ids = decisionForZjAndYj();
        String zj = ids.get("ZJ");
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept.ZJ"),
                    "deliveryId = '" + zj + "'");
            Message message = consumer.receive(10_000);
            assertThat(message).isInstanceOf(TextMessage.class);
            JsonNode body = json.readTree(((TextMessage) message).getText());
            assertThat(body.path("deliveryId").asText()).isEqualTo(zj);
            assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo(body.path("lineageId").asText());
            await().atMost(Duration.ofSeconds(10)).until(() -> status(zj), "DELIVERED"::equals);
            assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = "
                    + "'DELIVERED'", String.class, zj)).isEqualTo("broker:zj");

            assertThatThrownBy(() -> session.createConsumer(session.createQueue("linkage.dept.YJ")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
            assertThatThrownBy(() -> session.createProducer(session.createQueue("linkage.dept.YJ"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class)
                    .hasMessageContaining("AMQ229032");

            session.createProducer(session.createQueue("linkage.receipts")).send(session.createTextMessage(
                    "{\"deliveryId\":\"" + zj + "\",\"status\":\"SIGNED\",\"signedBy\":\"王科长\",\"at\":\"2026-11-28T09:00:00+08:00\"}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(zj), "SIGNED"::equals);
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = 'SIGNED'",
                String.class, zj)).isEqualTo("queue:zj (王科长)");
    }

    @Test
    void anAmqpConsumerReadsItsQueueAndIsRefusedElsewhere() throws Exception {
        String yj = decisionForZjAndYj().get("YJ");
        JmsConnectionFactory factory = new JmsConnectionFactory("yj", "demo-yj", "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept.YJ"),
                    "deliveryId = '" + yj + "'");
            Message message = consumer.receive(10_000);
            assertThat(json.readTree(message.getBody(String.class)).path("deliveryId").asText()).isEqualTo(yj);
            message.acknowledge();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(yj), "DELIVERED"::equals);

            assertThatThrownBy(() -> session.createConsumer(session.createQueue("linkage.dept.ZJ")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
            assertThatThrownBy(() -> session.createProducer(session.createQueue("linkage.dept.ZJ"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class);
            session.createProducer(session.createQueue("linkage.feedback")).send(session.createTextMessage("{}"));
            // Artemis does not put the validated user on AMQP messages: on linkage.receipts such a receipt is kept
            // and refused, and the reason points to the department's own address
            String receipt = "{\"deliveryId\":\"" + yj + "\",\"status\":\"SUPERVISION_STARTED\"}";
            session.createProducer(session.createQueue("linkage.receipts")).send(session.createTextMessage(receipt));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                    "select reason from receipt_refusal where delivery_id = ?", String.class, yj),
                    r -> r.size() == 1 && r.get(0).contains("linkage.receipts.<CODE>"));
            session.createProducer(session.createQueue("linkage.receipts.YJ")).send(session.createTextMessage(receipt));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(yj), "SUPERVISION_STARTED"::equals);
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = "
                + "'SUPERVISION_STARTED'", String.class, yj)).isEqualTo("queue:yj");
        assertThat(history(yj)).containsSubsequence("DELIVERED", "SIGNED", "SUPERVISION_STARTED");
    }

    /**
     * On its own address a department's receipt is applied over AMQP too, the sender being the address: a property
     * naming another user changes nothing, and another department's delivery is not found for this one.
     */
    @Test
    void anAmqpReceiptToTheDepartmentsOwnAddressIsAppliedAndItsPropertiesAreIgnored() throws Exception {
        Map<String, String> ids = decisionForZjAndYj();
        String zj = ids.get("ZJ");
        String yj = ids.get("YJ");
        JmsConnectionFactory factory = new JmsConnectionFactory("zj", "demo-zj", "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var own = session.createProducer(session.createQueue("linkage.receipts.ZJ"));
            for (String id : List.of(zj, yj)) {
                TextMessage receipt = session.createTextMessage("{\"deliveryId\":\"" + id + "\",\"status\":\"SIGNED\","
                        + "\"signedBy\":\"王科长\"}");
                receipt.setStringProperty("_AMQ_VALIDATED_USER", "yj");
                receipt.setStringProperty("_AMQ_ORIG_ADDRESS", "linkage.receipts.YJ");
                own.send(receipt);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(zj), "SIGNED"::equals);
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = 'SIGNED'",
                String.class, zj)).isEqualTo("queue:zj (王科长)");
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "select sender || ': ' || reason from receipt_refusal where delivery_id = ?", String.class, yj),
                r -> r.size() == 1).get(0)).isEqualTo("zj: no delivery " + yj + " for department ZJ");
        assertThat(history(yj)).doesNotContain("SIGNED");
    }

    /**
     * Artemis stamps {@code _AMQ_VALIDATED_USER} on CORE and STOMP messages only (ARTEMIS-1092, unchanged in 2.44):
     * an AMQP sender's own application property of that name reaches the hub untouched. Logged in as zj, it must not
     * sign for YJ on {@code linkage.receipts}; the attempt is kept with its reason.
     */
    @Test
    void anAmqpSenderCannotForgeTheValidatedUserOnTheSharedReceiptsQueue() throws Exception {
        String yj = decisionForZjAndYj().get("YJ");
        String body = "{\"deliveryId\":\"" + yj + "\",\"status\":\"SIGNED\"}";
        JmsConnectionFactory factory = new JmsConnectionFactory("zj", "demo-zj", "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage forged = session.createTextMessage(body);
            forged.setStringProperty("_AMQ_VALIDATED_USER", "yj");
            session.createProducer(session.createQueue("linkage.receipts")).send(forged);
        }
        Map<String, Object> refusal = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select f.reason, f.sender, convert_from(r.body, 'UTF8') as body, r.metadata::text as metadata
                from receipt_refusal f join raw_input r on r.id = f.raw_input_id where f.delivery_id = ?""", yj),
                r -> r.size() == 1).get(0);
        assertThat((String) refusal.get("reason")).contains("AMQP").contains("linkage.receipts.<CODE>");
        assertThat(refusal.get("sender")).isNull();
        assertThat(refusal.get("body")).isEqualTo(body);
        assertThat((String) refusal.get("metadata")).contains("\"address\": \"linkage.receipts\"")
                .contains("\"protocol\": \"AMQP\"");
        assertThat(history(yj)).doesNotContain("SIGNED");
    }

    /**
     * What the refusal above rests on, asked of the broker itself (Artemis 2.44 as 2.40: {@code AMQPMessage} keeps
     * the no-op {@code setValidatedUserID}): a CORE message carries the login as {@code _AMQ_VALIDATED_USER}, whatever
     * the sender wrote; an AMQP message carries none of its own, and a forged one untouched. Should an Artemis upgrade
     * start stamping AMQP messages, this fails, and {@link QueueReceipts} could trust AMQP senders on
     * {@code linkage.receipts} too. Read from {@code linkage.feedback}, which the hub's routes leave alone.
     */
    @Test
    void theBrokerStampsTheValidatedUserOnCoreMessagesOnlyAndLeavesAmqpOnesAsSent() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage core = session.createTextMessage("core");
            core.setStringProperty("marker", marker);
            core.setStringProperty("_AMQ_VALIDATED_USER", "yj");
            session.createProducer(session.createQueue("linkage.feedback")).send(core);
        }
        JmsConnectionFactory amqp = new JmsConnectionFactory("zj", "demo-zj", "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = amqp.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String forged : new String[] {null, "yj"}) {
                TextMessage message = session.createTextMessage(forged == null ? "amqp" : "amqp-forged");
                message.setStringProperty("marker", marker);
                if (forged != null) {
                    message.setStringProperty("_AMQ_VALIDATED_USER", forged);
                }
                session.createProducer(session.createQueue("linkage.feedback")).send(message);
            }
        }
        Map<String, String> validatedUser = new HashMap<>();
        try (Connection connection = hubConnections.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.feedback"),
                        "marker = '" + marker + "'")) {
            connection.start();
            for (int i = 0; i < 3; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("message %d of 3", i + 1).isNotNull();
                validatedUser.put(message.getBody(String.class), message.getStringProperty("_AMQ_VALIDATED_USER"));
            }
        }
        assertThat(validatedUser).containsEntry("core", "zj").containsEntry("amqp", null)
                .containsEntry("amqp-forged", "yj");
    }

    /** The broker refuses a department's send to another's receipts address, to the inbox or to its wildcard. */
    @Test
    void aDepartmentCannotSendToAnotherDepartmentsReceiptsAddressOverAnyProtocol() throws Exception {
        assertSendsRefused("zj", "demo-zj", List.of("linkage.receipts.YJ", "linkage.hub.receipts", "linkage.receipts.#",
                "linkage.receipts.*"), "linkage.receipts.YJ");
        // STOMP's ERROR frame names the missing permission when the broker would have to create the address or a queue
        // first, but only the failed send (AMQ339011) to an existing address such as linkage.receipts.YJ; the same
        // SEND to the department's own address, which exists alike, is taken
        String marker = UUID.randomUUID().toString();
        byte[] body = ("{\"note\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String address : List.of("linkage.receipts.YJ", "linkage.hub.receipts", "linkage.receipts.#")) {
            try (Stomp stomp = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
                assertThat(stomp.read().command()).isEqualTo("CONNECTED");
                stomp.send("SEND", Map.of("destination", address, "receipt", "s1"), body);
                Stomp.Frame refused = stomp.read();
                assertThat(refused.command()).as("STOMP send to %s", address).isEqualTo("ERROR");
                assertThat(refused.headers().get("message")).as("STOMP send to %s", address)
                        .containsAnyOf("AMQ339011", "does not have permission");
            }
        }
        try (Stomp stomp = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            assertThat(stomp.read().command()).isEqualTo("CONNECTED");
            stomp.send("SEND", Map.of("destination", "linkage.receipts.ZJ", "receipt", "s2"), body);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select f.sender || ' ' || (r.metadata->>'address') from receipt_refusal f
                join raw_input r on r.id = f.raw_input_id where convert_from(r.body, 'UTF8') like ?""", String.class,
                "%" + marker + "%"), r -> !r.isEmpty())).as("what reached the hub").containsExactly("zj linkage.receipts.ZJ");
    }

    @Test
    void aStompClientReadsAcksAndSendsABytesReceipt() throws Exception {
        String zj = decisionForZjAndYj().get("ZJ");
        try (Stomp stomp = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            assertThat(stomp.read().command()).isEqualTo("CONNECTED");
            stomp.send("SUBSCRIBE", Map.of("id", "1", "destination", "linkage.dept.ZJ", "ack", "client-individual",
                    "selector", "deliveryId = '" + zj + "'"), null);
            Stomp.Frame message = stomp.read();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(json.readTree(message.body()).path("deliveryId").asText()).isEqualTo(zj);
            stomp.send("ACK", Map.of("id", message.headers().get("ack")), null);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(zj), "DELIVERED"::equals);
            // content-length makes it a BytesMessage on the broker
            stomp.send("SEND", Map.of("destination", "linkage.receipts", "receipt", "r1"),
                    ("{\"deliveryId\":\"" + zj + "\",\"status\":\"SIGNED\",\"note\":\"已签收\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(zj), "SIGNED"::equals);
        assertThat(history(zj)).containsSubsequence("DELIVERED", "SIGNED");

        try (Stomp other = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            other.read();
            other.send("SUBSCRIBE", Map.of("id", "2", "destination", "linkage.dept.YJ", "receipt", "s2"), null);
            Stomp.Frame refused = other.read();
            assertThat(refused.command()).isEqualTo("ERROR");
            assertThat(refused.headers().get("message")).contains("AMQ339016");
        }
        try (Stomp other = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            other.read();
            other.send("SEND", Map.of("destination", "linkage.dept.YJ", "receipt", "s3"), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(other.read().command()).isEqualTo("ERROR");
        }
    }

    @Test
    void foreignAndMalformedReceiptsAreKeptWithTheirReasonAndChangeNothing() throws Exception {
        Map<String, String> ids = decisionForZjAndYj();
        String zj = ids.get("ZJ");
        String marker = UUID.randomUUID().toString();
        try (Connection connection = departmentConnection("yj", "demo-yj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var receipts = session.createProducer(session.createQueue("linkage.receipts"));
            receipts.send(session.createTextMessage("{\"deliveryId\":\"" + zj + "\",\"status\":\"SIGNED\",\"note\":\"" + marker + "\"}"));
            receipts.send(session.createTextMessage("not json " + marker));
            receipts.send(session.createTextMessage("{\"deliveryId\":\"" + ids.get("YJ") + "\",\"status\":\"DONE\",\"note\":\"" + marker + "\"}"));
            BytesMessage unknown = session.createBytesMessage();
            unknown.writeBytes(("{\"deliveryId\":\"" + UUID.randomUUID() + "\",\"status\":\"SIGNED\",\"note\":\"" + marker + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            receipts.send(unknown);
        }
        List<String> reasons = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select f.reason from receipt_refusal f join raw_input r on r.id = f.raw_input_id
                where r.source = 'receipts' and r.transport = 'queue' and f.sender = 'yj'
                  and convert_from(r.body, 'UTF8') like ? order by f.id""", String.class, "%" + marker + "%"),
                r -> r.size() == 4);
        assertThat(reasons.get(0)).contains("no delivery " + zj + " for department YJ");
        assertThat(reasons.get(1)).contains("not valid JSON");
        assertThat(reasons.get(2)).contains("DONE");
        assertThat(reasons.get(3)).contains("no delivery");
        assertThat(history(zj)).doesNotContain("SIGNED");
        JsonNode listed = json.readTree(get("/api/v1/receipts/refused?size=200", basic("auditor", "auditor")).body());
        assertThat(listed.path("items").findValuesAsText("body")).anyMatch(b -> b.contains(marker));
    }

    @Test
    void aReturnedDeliveryIsReroutedByAnOperatorAndAudited() throws Exception {
        String yj = decisionForZjAndYj().get("YJ");
        try (Connection connection = departmentConnection("yj", "demo-yj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue("linkage.receipts")).send(session.createTextMessage(
                    "{\"deliveryId\":\"" + yj + "\",\"status\":\"RETURNED\",\"note\":\"不属于本部门\"}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(yj), "RETURNED"::equals);
        JsonNode returned = json.readTree(get("/api/v1/deliveries/returned", basic("operator", "operator")).body());
        assertThat(returned.path("items").findValuesAsText("deliveryId")).contains(yj);

        String reroute = "/api/v1/deliveries/" + yj + "/reroute";
        String body = "{\"department\":\"SCJG\",\"reason\":\"特种设备由市场监管局协同\"}";
        assertThat(post(reroute, basic("auditor", "auditor"), body).statusCode()).isEqualTo(403);
        var answer = post(reroute, basic("operator", "operator"), body);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode created = json.readTree(answer.body());
        assertThat(created.path("department").asText()).isEqualTo("SCJG");
        assertThat(status(yj)).isEqualTo("REROUTED");
        assertThat(post(reroute, basic("operator", "operator"), body).statusCode()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(created.path("deliveryId").asText()),
                s -> !s.equals("PENDING"));
        assertThat(jdbc.queryForObject("select after->>'reroutedTo' from audit_log where action = 'delivery.reroute' "
                + "and target = ?", String.class, "delivery/" + yj)).isEqualTo(created.path("deliveryId").asText());
        assertThat(json.readTree(get("/api/v1/deliveries/returned", basic("operator", "operator")).body())
                .path("items").findValuesAsText("deliveryId")).doesNotContain(yj);
    }

    /** Posts a decision for matter 640200-SPJ-ZJ-0008 (PRIMARY ZJ, ASSIST YJ); its delivery ids by department. */
    Map<String, String> decisionForZjAndYj() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批建许〔2026〕Q" + id + "号";
        String body = """
                {"eventId":"EV-Q-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""".formatted(id, doc);
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

    String status(String deliveryId) {
        return jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, deliveryId);
    }

    List<String> history(String deliveryId) {
        return jdbc.queryForList("select status from delivery_event where delivery_id = ?::uuid order by id", String.class,
                deliveryId);
    }
}
