package org.linkagehub.commitments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.linkagehub.platform.Queues;

/**
 * A false commitment (issue 13 items 2-3) through the real interfaces: ZJ's MISMATCH result opens a
 * COMMITMENT_MISMATCH case the bureau reads on its queue and answers RECTIFY with a date; ZJ reports the party
 * rectified and the case closes; a case whose date passes with nothing reported turns to WILL_REVOKE and closes with
 * the revocation.
 */
class CommitmentMismatchIT extends TaskTestSupport {

    static final String LETTER = "\"letter\":{\"documentNumber\":\"石审批函〔2026〕21号\",\"date\":\"2026-12-02\","
            + "\"signer\":\"张局长\"}";

    @Test
    void aMismatchOpensACaseTheBureauAnswersRectifyAndTheRectifiedCaseCloses() throws Exception {
        String doc = grant("2026-11-24", true);
        String taskId = taskOf(doc);
        var mismatch = post("/api/v1/tasks/" + taskId + "/result", bearer("demo-zj"),
                "{\"result\":\"MISMATCH\",\"summary\":\"现场核查：实际从业人员与承诺不符\"}");
        assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(200);
        String caseId = mapper.readTree(mismatch.body()).get("caseId").asText();

        JsonNode onSj = caseMessage("sj", "demo-sj", "SJ", caseId, "CASE");
        assertThat(onSj.get("type").asText()).isEqualTo("COMMITMENT_MISMATCH");
        assertThat(onSj.get("taskId").asText()).isEqualTo(taskId);
        assertThat(onSj.get("documentNumber").asText()).isEqualTo(doc);
        assertThat(onSj.get("department").asText()).isEqualTo("ZJ");

        assertThat(reply(caseId, "{\"outcome\":\"NOTED\"," + LETTER + "}").statusCode()).isEqualTo(422);
        assertThat(reply(caseId, "{\"outcome\":\"RECTIFY\"," + LETTER + "}").body()).contains("rectifyBy");
        String by = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10).toString();
        var rectify = reply(caseId, "{\"outcome\":\"RECTIFY\",\"rectifyBy\":\"" + by + "\"," + LETTER + "}");
        assertThat(rectify.statusCode()).as(rectify.body()).isEqualTo(200);
        assertThat(mapper.readTree(rectify.body()).get("status").asText()).isEqualTo("RECTIFYING");
        // the confirmed false commitment is published once for the city's credit system, read with its own account
        try (Connection connection = departmentConnection("credit", "demo-credit");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.credit"),
                        "caseId = '" + caseId + "'")) {
            TextMessage record = (TextMessage) consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(record).as("credit record of case " + caseId).isNotNull();
            JsonNode credit = mapper.readTree(record.getText());
            assertThat(credit.get("messageType").asText()).isEqualTo("CREDIT_RECORD");
            assertThat(credit.at("/decision/documentNumber").asText()).isEqualTo(doc);
            assertThat(credit.at("/party/uscc").asText()).isEqualTo("91640205MA7K8L9M0M");
            assertThat(credit.get("taskId").asText()).isEqualTo(taskId);
            assertThat(credit.get("finding").asText()).contains("从业人员");
        }
        JsonNode onZj = caseMessage("zj", "demo-zj", "ZJ", caseId, "CASE_REPLY");
        assertThat(onZj.get("outcome").asText()).isEqualTo("RECTIFY");
        assertThat(onZj.get("rectifyBy").asText()).isEqualTo(by);

        assertThat(rectification(caseId, "demo-yj", "{\"rectified\":true}").statusCode()).isEqualTo(404);
        assertThat(rectification(caseId, "demo-zj", "{\"rectified\":\"yes\"}").statusCode()).isEqualTo(422);
        var done = rectification(caseId, "demo-zj", "{\"rectified\":true,\"note\":\"已整改到位\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(mapper.readTree(done.body()).get("status").asText()).isEqualTo("CLOSED");
        assertThat(rectification(caseId, "demo-zj", "{\"rectified\":true}").statusCode()).isEqualTo(409);
        JsonNode told = caseMessage("sj", "demo-sj", "SJ", caseId, "RECTIFICATION");
        assertThat(told.get("rectified").asBoolean()).isTrue();
        assertThat(told.get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void aRectificationDateThatPassesTurnsTheCaseToWillRevokeWhichTheRevocationCloses() throws Exception {
        String doc = grant("2026-11-25", true);
        String taskId = taskOf(doc);
        String caseId = mapper.readTree(post("/api/v1/tasks/" + taskId + "/result", bearer("demo-zj"),
                "{\"result\":\"MISMATCH\",\"summary\":\"承诺的消防条件不具备\"}").body()).get("caseId").asText();
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        assertThat(reply(caseId, "{\"outcome\":\"RECTIFY\",\"rectifyBy\":\"" + today + "\"," + LETTER + "}")
                .statusCode()).isEqualTo(200);
        // rectifying by today: the last day has begun, so the department is warned at once
        JsonNode warning = caseMessage("zj", "demo-zj", "ZJ", caseId, "WARNING");
        assertThat(warning.get("deadline").asText()).isEqualTo("RECTIFY");
        assertThat(warning.get("rectifyBy").asText()).isEqualTo(today);
        // the date cannot be waited for in a test: it is moved to the past, and the real deadline scan does the rest
        jdbc.update("update case_file set rectify_by = now() - interval '1 second' where id = ?::uuid", caseId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "AWAITING_DECISION".equals(caseStatus(caseId)));
        assertThat(jdbc.queryForObject("select outcome from case_reply where case_id = ?::uuid", String.class, caseId))
                .isEqualTo("WILL_REVOKE");
        assertThat(caseMessage("sj", "demo-sj", "SJ", caseId, "RECTIFICATION").get("rectified").asBoolean()).isFalse();
        assertThat(caseMessage("dcs", "demo-dcs", "DCS", caseId, "ESCALATION").get("deadline").asText())
                .isEqualTo("RECTIFY");

        var revoked = post("/api/v1/decisions/manual", basic("operator", "operator"), """
                {"documentNumber":"%s","decisionType":"REVOKE","decisionDate":"2026-12-01","supersedes":"%s",
                 "matter":{"code":"%s","name":"建筑工程施工许可证核发"},
                 "subject":{"category":"ORGANIZATION","name":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M"}}"""
                .formatted(doc.replace("号", "-撤号"), doc, ZJ_MATTER));
        assertThat(revoked.statusCode()).as(revoked.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(15)).until(() -> "CLOSED".equals(caseStatus(caseId)));
        assertThat(jdbc.queryForObject("select count(*) from credit_record where case_id = ?::uuid", Integer.class,
                caseId)).as("confirmed once, at RECTIFY; not again when it turned to WILL_REVOKE").isEqualTo(1);
    }

    @Test
    void aDepartmentCannotFileACommitmentMismatchDirectly() {
        var filed = post("/api/v1/cases", bearer("demo-zj"), """
                {"caseRef":"ZJ-CM-direct","type":"COMMITMENT_MISMATCH","summary":"x"}""");
        assertThat(filed.statusCode()).isEqualTo(422);
        assertThat(filed.body()).contains("not-fileable");
    }

    private String caseStatus(String caseId) {
        return jdbc.queryForObject("select status from case_file where id = ?::uuid", String.class, caseId);
    }

    private java.net.http.HttpResponse<String> reply(String caseId, String body) {
        return post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), body);
    }

    private java.net.http.HttpResponse<String> rectification(String caseId, String token, String body) {
        return post("/api/v1/cases/" + caseId + "/rectification", bearer(token), body);
    }

    private JsonNode caseMessage(String user, String password, String code, String caseId, String type)
            throws Exception {
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.department(code)),
                        "caseId = '" + caseId + "' and messageType = '" + type + "'")) {
            TextMessage m = (TextMessage) consumer.receive(Duration.ofSeconds(20).toMillis());
            assertThat(m).as(type + " for case " + caseId + " on " + code).isNotNull();
            return mapper.readTree(m.getText());
        }
    }
}
