package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.platform.Queues;
import org.linkagehub.receipt.Stomp;

/**
 * Cases filed over the broker (issue 12, item 2), by departments played by real clients on the real embedded broker:
 * the address {@code linkage.cases.<CODE>} names the department, over CORE and AMQP alike; the bureau reads the case
 * on its queue; a repeated caseRef is the same case with no second message; the broker keeps a department off
 * another's address; an invalid case is quarantined with its reasons and reported back on the department's queue.
 * Every message a department reads is checked against {@code mappings/schemas/case-message.schema.json}.
 */
class CasesQueueIT extends HubIntegrationTest {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("mappings/schemas/case-message.schema.json").toUri());
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void zjFilesOverCoreTheBureauReadsItAndTheSameCaseRefAgainIsTheSameCaseWithNoSecondMessage() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕Q" + id + "号";
        postSignedAndStored(CasesIT.event("EV-CQ-" + id, "APPROVED", doc, ""), doc);
        String caseRef = "ZJ-Q-" + id;
        String body = CasesIT.erroneousApproval(caseRef, doc, "石建函〔2026〕Q" + id + "号");
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage message = session.createTextMessage(body);
            // nothing but the address names the department: a property claiming another changes nothing
            message.setStringProperty("_AMQ_VALIDATED_USER", "yj");
            message.setStringProperty("department", "YJ");
            session.createProducer(session.createQueue(Queues.departmentCases("ZJ"))).send(message);
        }
        Map<String, Object> filed = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select c.id::text as id, c.department, c.lineage_id::text as lineage, r.transport,
                       r.metadata->>'address' as address, e.actor
                from case_file c join raw_input r on r.id = c.raw_input_id
                join case_event e on e.case_id = c.id and e.status = 'OPEN'
                where c.case_ref = ?""", caseRef), rows -> rows.size() == 1).get(0);
        assertThat(filed).containsEntry("department", "ZJ").containsEntry("transport", "queue")
                .containsEntry("address", "linkage.cases.ZJ").containsEntry("actor", "queue:zj");
        String caseId = (String) filed.get("id");

        String selector = "messageType = 'CASE' AND lineageId = '" + filed.get("lineage") + "'";
        Message onSj = receive("sj", "demo-sj", "SJ", selector);
        assertThat(onSj.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("case:" + caseId + ":CASE:SJ");
        JsonNode sent = valid(onSj);
        assertThat(sent.path("caseId").asText()).isEqualTo(caseId);
        assertThat(sent.path("caseRef").asText()).isEqualTo(caseRef);
        assertThat(sent.path("department").asText()).isEqualTo("ZJ");
        assertThat(sent.path("documentNumber").asText()).isEqualTo(doc);
        assertThat(sent.at("/letter/signer").asText()).isEqualTo("李局长");

        // again, as bytes (what a STOMP SEND with content-length becomes): the same case, and nothing new for SJ
        long before = jdbc.queryForObject("select coalesce(max(id), 0) from raw_input", Long.class);
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            BytesMessage again = session.createBytesMessage();
            again.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            session.createProducer(session.createQueue(Queues.departmentCases("ZJ"))).send(again);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select outcome from raw_input where id > ? and source = 'CASES' and transport = 'queue'
                and metadata->>'address' = 'linkage.cases.ZJ' and convert_from(body, 'UTF8') like ?""", String.class,
                before, "%" + caseRef + "%"), outcomes -> outcomes.equals(List.of("DUPLICATE")));
        assertThat(jdbc.queryForObject("select count(*) from case_file where case_ref = ?", Integer.class, caseRef))
                .isEqualTo(1);
        // the DUPLICATE outcome commits with any outbox row the filing writes: there is none, and none on the broker
        assertThat(jdbc.queryForObject("select count(*) from outbox o join notice n on n.id = o.notice_id where n.about_id = ?::uuid",
                Integer.class, caseId))
                .isZero();
        try (Connection connection = departmentConnection("sj", "demo-sj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThat(session.createBrowser(session.createQueue(Queues.department("SJ")), selector).getEnumeration()
                    .hasMoreElements()).as("a second CASE on the bureau's queue").isFalse();
        }
    }

    @Test
    void yjFilesOverAmqpOnItsOwnAddress() throws Exception {
        String caseRef = "YJ-Q-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"caseRef":"%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未设置安全通道","foundOn":"2026-12-01",
                 "subject":{"name":"宁夏星光置业有限公司","uscc":"%s"}}""".formatted(caseRef, CasesIT.USCC);
        JmsConnectionFactory factory = new JmsConnectionFactory("yj", "demo-yj", "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            // an AMQP sender may write this property itself (ARTEMIS-1092): it is not read
            message.setStringProperty("_AMQ_VALIDATED_USER", "zj");
            session.createProducer(session.createQueue(Queues.departmentCases("YJ"))).send(message);
        }
        Map<String, Object> filed = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select c.department, c.case_type, c.status, r.metadata->>'address' as address
                from case_file c join raw_input r on r.id = c.raw_input_id where c.case_ref = ?""", caseRef),
                rows -> rows.size() == 1).get(0);
        assertThat(filed).containsEntry("department", "YJ").containsEntry("case_type", "VIOLATION_FOUND")
                .containsEntry("status", "OPEN").containsEntry("address", "linkage.cases.YJ");
        assertThat(get("/api/v1/cases", bearer("demo-yj")).body()).contains(caseRef);
        assertThat(get("/api/v1/cases", bearer("demo-zj")).body()).doesNotContain(caseRef);
    }

    /**
     * A STOMP SEND with {@code content-length} (a BytesMessage on the broker) files as well; the same SEND to another
     * department's cases address gets the broker's ERROR frame and reaches nobody.
     */
    @Test
    void zjFilesOverStompAndIsRefusedOnYjsAddress() throws Exception {
        String caseRef = "ZJ-S-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = """
                {"caseRef":"%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未按图施工","foundOn":"2026-12-01",
                 "subject":{"name":"宁夏星光置业有限公司","uscc":"%s"}}""".formatted(caseRef, CasesIT.USCC)
                .getBytes(StandardCharsets.UTF_8);
        try (Stomp stomp = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            assertThat(stomp.read().command()).isEqualTo("CONNECTED");
            stomp.send("SEND", Map.of("destination", "linkage.cases.YJ", "receipt", "c1"), body);
            assertThat(stomp.read().command()).as("STOMP send to linkage.cases.YJ").isEqualTo("ERROR");
        }
        try (Stomp stomp = new Stomp(BROKER_PORT, "zj", "demo-zj")) {
            assertThat(stomp.read().command()).isEqualTo("CONNECTED");
            stomp.send("SEND", Map.of("destination", "linkage.cases.ZJ", "receipt", "c2"), body);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select c.department || ' ' || (r.metadata->>'address') from case_file c
                join raw_input r on r.id = c.raw_input_id where c.case_ref = ?""", String.class, caseRef),
                rows -> !rows.isEmpty())).containsExactly("ZJ linkage.cases.ZJ");
    }

    /** Over CORE and AMQP the broker refuses ZJ's send to YJ's cases address, to the hub's inbox and its wildcard. */
    @Test
    void zjCannotSendToAnotherDepartmentsCasesAddress() throws Exception {
        assertSendsRefused("zj", "demo-zj", List.of("linkage.cases.YJ", "linkage.cases.SJ", Queues.CASES_INBOX,
                Queues.CASES_WILDCARD, "linkage.cases"), "linkage.cases.YJ");
        assertThat(jdbc.queryForObject("select count(*) from raw_input where source = 'CASES' and transport = 'queue' "
                + "and metadata->>'address' <> 'linkage.cases.' || (metadata->>'department')", Integer.class))
                .as("what reached the hub came from each department's own address").isZero();
    }

    /**
     * An invalid case is quarantined with its reasons and told to ZJ on its own queue: its caseRef, the reasons with
     * the ID number masked as the quarantine keeps it, and the raw input's id; a body that is no JSON at all too.
     */
    @Test
    void anInvalidCaseIsQuarantinedAndReportedBackOnTheDepartmentsQueue() throws Exception {
        String caseRef = "ZJ-QBAD-" + UUID.randomUUID().toString().substring(0, 8);
        String idNumber = "64020219900101123X";
        String marker = UUID.randomUUID().toString();
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var cases = session.createProducer(session.createQueue(Queues.departmentCases("ZJ")));
            cases.send(session.createTextMessage("""
                    {"caseRef":"%s","type":"PENALTY_DECISION","summary":"罚款",
                     "penalty":{"documentNumber":"石建罚〔2026〕1号","decisionDate":"2026-12-01","category":"罚款",
                       "fine":{"amount":2,"unit":"JIN"},"basis":"条例"},
                     "subject":{"name":"某某","idNumber":"%s"}}""".formatted(caseRef, idNumber)));
            cases.send(session.createTextMessage("not json " + marker));
        }
        Map<String, Object> kept = refused("%" + caseRef + "%");
        assertThat((String) kept.get("rules")).contains("id-checksum", "unknown-code");
        assertThat((String) kept.get("source_ref")).isEqualTo(caseRef);
        long rawInputId = ((Number) kept.get("raw_input_id")).longValue();

        Message refusal = receive("zj", "demo-zj", "ZJ", refusedSelector(rawInputId));
        assertThat(refusal.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("case-refused:" + rawInputId);
        assertThat(refusal.getStringProperty("deliveryId")).isNull();
        JsonNode told = valid(refusal);
        assertThat(told.path("messageType").asText()).isEqualTo("CASE_REFUSED");
        assertThat(told.path("caseRef").asText()).isEqualTo(caseRef);
        assertThat(told.path("department").asText()).isEqualTo("ZJ");
        assertThat(told.path("rawInputId").asLong()).isEqualTo(rawInputId);
        assertThat(told.path("reasons").findValuesAsText("field")).contains("subject.idNumber", "penalty.fine.unit");
        assertThat(told.path("reasons").findValuesAsText("rule")).contains("id-checksum", "unknown-code");
        assertThat(told.toString()).as("the ID number is masked").doesNotContain(idNumber);
        assertThat(told.has("caseId")).isFalse();

        long unreadable = ((Number) refused("%" + marker + "%").get("raw_input_id")).longValue();
        JsonNode noJson = valid(receive("zj", "demo-zj", "ZJ", refusedSelector(unreadable)));
        assertThat(noJson.has("caseRef")).as("no readable caseRef, none named").isFalse();
        assertThat(noJson.path("reasons").findValuesAsText("rule")).contains("malformed");
        assertThat(get("/api/v1/cases", bearer("demo-zj")).body()).doesNotContain(caseRef);
    }

    /** The one quarantine entry of the case by queue whose body is like {@code pattern}, once it is there. */
    private Map<String, Object> refused(String pattern) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select q.raw_input_id, q.source_ref, q.reasons::text as rules
                from quarantine q join raw_input r on r.id = q.raw_input_id
                where q.source = 'CASES' and r.transport = 'queue' and r.outcome = 'REJECTED'
                  and convert_from(r.body, 'UTF8') like ?""", pattern), rows -> rows.size() == 1).get(0);
    }

    /** The refusal's lineageId is derived from its duplicate id, as the schema says. */
    private static String refusedSelector(long rawInputId) {
        UUID lineage = UUID.nameUUIDFromBytes(("case-refused:" + rawInputId).getBytes(StandardCharsets.UTF_8));
        return "messageType = 'CASE_REFUSED' AND lineageId = '" + lineage + "'";
    }

    /** Reads the one message for this selector from the department's queue, as its own system would. */
    private Message receive(String user, String password, String code, String selector) throws Exception {
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.department(code)),
                        selector)) {
            Message message = consumer.receive(30_000);
            assertThat(message).as("a message %s on linkage.dept.%s", selector, code).isInstanceOf(TextMessage.class);
            assertThat(message.getIntProperty("schemaVersion")).isEqualTo(1);
            return message;
        }
    }

    /** The body, once it is known to follow the case-message schema. */
    private JsonNode valid(Message message) throws Exception {
        JsonNode body = mapper.readTree(((TextMessage) message).getText());
        assertThat(SCHEMA.validate(body)).extracting(ValidationMessage::getMessage).as("schema of %s", body).isEmpty();
        assertThat(body.path("messageType").asText()).isEqualTo(message.getStringProperty("messageType"));
        return body;
    }
}
