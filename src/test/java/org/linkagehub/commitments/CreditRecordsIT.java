package org.linkagehub.commitments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.commitments.CreditRecords.CreditRecord;
import org.linkagehub.platform.Queues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Credit records (issue 13, item 4) on the real embedded broker: published twice for one case from the caller's
 * transaction, one message reaches {@code linkage.credit}, read by a plain JMS client as the credit system's account,
 * with the party's ID number masked and a body the schema accepts; no department may consume or browse that queue, and
 * the credit system may read no department's.
 */
class CreditRecordsIT extends HubIntegrationTest {

    static final String ID_NUMBER = "110101199003074578";
    final ObjectMapper mapper = new ObjectMapper();
    final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("mappings/schemas/credit-record.schema.json").toUri());

    @Autowired
    CreditRecords credit;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aConfirmedFalseCommitmentReachesTheCreditSystemOnceWithTheIdNumberMasked() throws Exception {
        UUID caseId = UUID.randomUUID();
        CreditRecord record = new CreditRecord(caseId, UUID.randomUUID(), UUID.randomUUID(), "石审批许〔2026〕901号",
                "640200-SPJ-ZJ-0008", "建筑工程施工许可", "张三", null, ID_NUMBER, "承诺的安全员未到岗",
                Map.of("outcome", "RECTIFY", "rectifyBy", "2026-12-20", "text", "责令限期整改"),
                Instant.parse("2026-12-02T02:30:00Z"));

        Boolean first = transactions.execute(s -> credit.publish(record));
        Boolean second = transactions.execute(s -> credit.publish(record));
        assertThat(first).isTrue();
        assertThat(second).as("the second publish of the case").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from credit_record where case_id = ?", Integer.class, caseId))
                .isOne();
        // Notices writes the outbox row only with a new notice: one notice, one message
        assertThat(jdbc.queryForObject("select count(*) from notice where duplicate_id = ?", Integer.class,
                "credit:" + caseId)).isOne();

        try (Connection connection = departmentConnection(Queues.CREDIT_ROLE, "demo-credit");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.CREDIT),
                        "caseId = '" + caseId + "'")) {
            TextMessage m = (TextMessage) consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(m).as("credit record of case " + caseId).isNotNull();
            assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("credit:" + caseId);
            assertThat(m.getStringProperty("messageType")).isEqualTo("CREDIT_RECORD");
            assertThat(m.getText()).doesNotContain(ID_NUMBER);
            JsonNode body = mapper.readTree(m.getText());
            assertThat(schema.validate(body)).extracting(ValidationMessage::getMessage).isEmpty();
            assertThat(body.at("/party/idNumber").asText()).isEqualTo("110101********4578");
            assertThat(body.at("/party/name").asText()).isEqualTo("张三");
            assertThat(body.at("/decision/documentNumber").asText()).isEqualTo("石审批许〔2026〕901号");
            assertThat(body.at("/decision/matter/code").asText()).isEqualTo("640200-SPJ-ZJ-0008");
            assertThat(body.at("/letter/outcome").asText()).isEqualTo("RECTIFY");
            assertThat(body.get("confirmedAt").asText()).isEqualTo("2026-12-02T10:30+08:00");
            assertThat(body.get("caseId").asText()).isEqualTo(caseId.toString());
            assertThat(consumer.receive(1_000)).as("a second credit record of the case").isNull();
        }
    }

    @Test
    void aRecordIsPublishedOnlyInTheCallersTransaction() {
        CreditRecord record = new CreditRecord(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "文号",
                "640200-SPJ-ZJ-0008", null, "某公司", "91640200MA76XXXX1K", null, "不符", Map.of(), Instant.now());
        assertThatThrownBy(() -> credit.publish(record)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(CreditRecords.body(record)).extractingByKey("party")
                .isEqualTo(Map.of("name", "某公司", "uscc", "91640200MA76XXXX1K"));
    }

    @Test
    void noDepartmentMayReadCreditRecordsAndTheCreditSystemNoDepartmentsQueue() throws Exception {
        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(Queues.CREDIT)))
                    .as("ZJ consuming %s", Queues.CREDIT)
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
            assertThatThrownBy(() -> {
                QueueBrowser browser = session.createBrowser(session.createQueue(Queues.CREDIT));
                browser.getEnumeration().hasMoreElements();
            }).as("ZJ browsing %s", Queues.CREDIT).isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
        }
        try (Connection connection = departmentConnection(Queues.CREDIT_ROLE, "demo-credit");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(Queues.department("ZJ"))))
                    .as("credit consuming linkage.dept.ZJ")
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
        }
    }
}
