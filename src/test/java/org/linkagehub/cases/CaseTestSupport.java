package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linkagehub.HubIntegrationTest;

/** What the cases' integration tests share: a project-approval event to post, and reading a case's message off a queue. */
abstract class CaseTestSupport extends HubIntegrationTest {

    static final String MATTER = "640200-SPJ-ZJ-0008";
    static final String USCC = "91640205MA7K8L9M0M";
    final ObjectMapper mapper = new ObjectMapper();

    /** Files a violation found at the party's (no decision named) as the token's department; the 201 answer. */
    JsonNode fileViolation(String token, String caseRef) throws Exception {
        var filed = post("/api/v1/cases", bearer(token), violation(caseRef));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        return mapper.readTree(filed.body());
    }

    /** A violation found at the party's, naming no decision. */
    static String violation(String caseRef) {
        return """
                {"caseRef":"%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未按图施工","foundOn":"2026-12-01",
                 "subject":{"name":"宁夏星光置业有限公司","uscc":"%s"}}""".formatted(caseRef, USCC);
    }

    /** Reads the department's queue as its own system would until the case's message of that type comes. */
    JsonNode caseMessage(String user, String password, String code, String caseId, String type) throws Exception {
        JsonNode[] found = new JsonNode[1];
        try (jakarta.jms.Connection connection = departmentConnection(user, password);
                jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = session.createConsumer(
                        session.createQueue(org.linkagehub.platform.Queues.department(code)),
                        "caseId = '" + caseId + "'")) { // selected as the README's walk-through does
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                jakarta.jms.TextMessage m = (jakarta.jms.TextMessage) consumer.receive(500);
                if (m != null && type.equals(m.getStringProperty("messageType"))) {
                    JsonNode node = mapper.readTree(m.getText());
                    if (caseId.equals(node.path("caseId").asText())) {
                        assertThat(node.get("messageType").asText()).isEqualTo(type);
                        assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("case:" + caseId + ":" + type + ":" + code);
                        found[0] = node;
                    }
                }
                return found[0] != null;
            });
        }
        return found[0];
    }

    /** ZJ's letter asking the bureau to revoke the approval of this document number, signed 李局长. */
    static String erroneousApproval(String caseRef, String documentNumber, String letterNumber) {
        return """
                {"caseRef":"%s","type":"ERRONEOUS_APPROVAL","summary":"不符合审批条件","documentNumber":"%s",
                 "requestedAction":"REVOKE","letter":{"documentNumber":"%s","date":"2026-12-01","signer":"李局长"}}
                """.formatted(caseRef, documentNumber, letterNumber);
    }

    static String event(String eventId, String type, String documentNumber, String previous) {
        return """
                {"eventId":"%s","eventType":"%s","xmdm":"2026-640200-47-01-012345","xmmc":"星光花园二期",\
                "spsxbm":"%s","spsxmc":"建筑工程施工许可证核发","spbmmc":"石嘴山市审批服务管理局","pfwh":"%s","pfrq":"20261121",\
                "jsdw":"宁夏星光置业有限公司","jsdwdm":"%s","yxq":"","ywh":"%s"}
                """.formatted(eventId, type, MATTER, documentNumber, USCC, previous);
    }
}
