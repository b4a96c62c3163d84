package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Cases over the real REST interface (issue 12): ZJ files an erroneous-approval letter, a repeat is the same case
 * (a changed one under the same caseRef is refused, 409), an invalid one is refused with reasons and quarantined,
 * YJ cannot see it, only the bureau (SJ) replies, and a REVOKE posted by the signed project-approval webhook closes
 * the WILL_REVOKE case.
 */
class CasesIT extends CaseTestSupport {

    @Test
    void zjFilesTheBureauRepliesAndTheRevocationClosesTheCase() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕K" + id + "号";
        postSignedAndStored(event("EV-K-" + id, "APPROVED", doc, ""), doc);

        String caseRef = "ZJ-HG-" + id;
        String body = erroneousApproval(caseRef, doc, "石建函〔2026〕12号");
        var filed = post("/api/v1/cases", bearer("demo-zj"), body);
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        JsonNode created = mapper.readTree(filed.body());
        String caseId = created.get("caseId").asText();
        assertThat(created.get("status").asText()).isEqualTo("OPEN");
        assertThat(created.get("replyDueAt").isNull()).isFalse();

        var again = post("/api/v1/cases", bearer("demo-zj"), body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(again.body()).get("caseId").asText()).isEqualTo(caseId);

        JsonNode onSj = caseMessage("sj", "demo-sj", "SJ", caseId, "CASE");
        assertThat(onSj.get("caseRef").asText()).isEqualTo(caseRef);
        assertThat(onSj.get("documentNumber").asText()).isEqualTo(doc);
        assertThat(onSj.at("/letter/signer").asText()).isEqualTo("李局长");
        assertThat(onSj.get("decisionId").isNull()).isFalse();

        // YJ can neither read ZJ's case nor reply to it; ZJ cannot reply either
        assertThat(get("/api/v1/cases/" + caseId, bearer("demo-yj")).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/cases", bearer("demo-yj")).body()).doesNotContain(caseRef);
        assertThat(get("/api/v1/cases", bearer("demo-zj")).body()).contains(caseRef);
        assertThat(get("/api/v1/cases", bearer("demo-sj")).body()).contains(caseRef);
        assertThat(get("/api/v1/cases?status=OPEN", basic("operator", "operator")).body()).contains(caseRef);
        String reply = """
                {"outcome":"WILL_REVOKE","letter":{"documentNumber":"石审批函〔2026〕3号","date":"2026-12-02","signer":"张局长"},
                 "note":"将依法撤销"}""";
        assertThat(post("/api/v1/cases/" + caseId + "/reply", bearer("demo-zj"), reply).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/cases/" + caseId + "/reply", bearer("demo-yj"), reply).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/cases/" + UUID.randomUUID() + "/reply", bearer("demo-sj"), reply).statusCode())
                .isEqualTo(404);
        var rejectedWithoutReason = post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), "{\"outcome\":\"REJECTED\"}");
        assertThat(rejectedWithoutReason.statusCode()).isEqualTo(422);
        assertThat(rejectedWithoutReason.body()).contains("reason");

        var replied = post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), reply);
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(200);
        assertThat(replied.body()).contains("AWAITING_DECISION");
        JsonNode onZj = caseMessage("zj", "demo-zj", "ZJ", caseId, "CASE_REPLY");
        assertThat(onZj.get("outcome").asText()).isEqualTo("WILL_REVOKE");
        assertThat(onZj.at("/letter/documentNumber").asText()).isEqualTo("石审批函〔2026〕3号");
        JsonNode detail = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-zj")).body());
        assertThat(detail.at("/case/status").asText()).isEqualTo("AWAITING_DECISION");
        assertThat(detail.at("/reply/outcome").asText()).isEqualTo("WILL_REVOKE");
        assertThat(detail.get("history").findValuesAsText("status"))
                .containsExactly("OPEN", "SIGNED", "REPLIED", "AWAITING_DECISION");
        assertThat(detail.at("/decision/documentNumber").asText()).isEqualTo(doc);

        // the revocation from the project-approval platform keeps the promise: the case closes by itself
        String revocation = "石审批撤〔2026〕K" + id + "号";
        assertThat(postSigned(event("EV-KR-" + id, "REVOKED", revocation, doc)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CLOSED".equals(jdbc.queryForObject(
                "select status from case_file where id = ?::uuid", String.class, caseId)));
        JsonNode closed = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-zj")).body());
        assertThat(closed.get("closedByDecision").isNull()).isFalse();

        // the decision's own answer lists its cases, with the reply's outcome and the decision that closed it
        String decisionId = onSj.get("decisionId").asText();
        var decision = get("/api/v1/decisions/" + decisionId, basic("auditor", "auditor"));
        assertThat(decision.statusCode()).as(decision.body()).isEqualTo(200);
        JsonNode theCase = mapper.readTree(decision.body()).get("cases").get(0);
        assertThat(mapper.readTree(decision.body()).get("documentNumber").asText()).isEqualTo(doc);
        assertThat(theCase.get("caseId").asText()).isEqualTo(caseId);
        assertThat(theCase.get("caseRef").asText()).isEqualTo(caseRef);
        assertThat(theCase.get("type").asText()).isEqualTo("ERRONEOUS_APPROVAL");
        assertThat(theCase.get("department").asText()).isEqualTo("ZJ");
        assertThat(theCase.get("status").asText()).isEqualTo("CLOSED");
        assertThat(theCase.get("outcome").asText()).isEqualTo("WILL_REVOKE");
        assertThat(theCase.at("/closedByDecision/documentNumber").asText()).isEqualTo(revocation);
        assertThat(theCase.get("filedAt").isNull()).isFalse();
        assertThat(theCase.get("replyDueAt").isNull()).isFalse();
        assertThat(get("/api/v1/decisions/" + UUID.randomUUID(), basic("auditor", "auditor")).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/decisions/not-an-id", basic("auditor", "auditor")).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidCaseIsRefusedWithReasonsAndQuarantined() throws Exception {
        String caseRef = "ZJ-BAD-" + UUID.randomUUID().toString().substring(0, 8);
        long before = jdbc.queryForObject("select count(*) from quarantine where source = 'CASES'", Long.class);
        var refused = post("/api/v1/cases", bearer("demo-zj"), """
                {"caseRef":"%s","type":"PENALTY_DECISION","summary":"罚款",
                 "penalty":{"documentNumber":"石建罚〔2026〕1号","decisionDate":"2026-13-01","category":"罚款",
                   "fine":{"amount":2,"unit":"JIN"},"basis":"条例"},
                 "subject":{"name":"某公司","uscc":"91640205MA7K8L9M0X"}}""".formatted(caseRef));
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode reasons = mapper.readTree(refused.body()).get("reasons");
        assertThat(reasons.findValuesAsText("rule")).contains("uscc-checksum", "unknown-code", "malformed");
        assertThat(reasons.findValuesAsText("field")).contains("subject.uscc", "penalty.fine.unit", "penalty.decisionDate");
        assertThat(jdbc.queryForObject("select count(*) from quarantine where source = 'CASES'", Long.class))
                .isGreaterThan(before);
        assertThat(post("/api/v1/cases", bearer("demo-zj"), "not json").statusCode()).isEqualTo(422);
        assertThat(get("/api/v1/cases", bearer("demo-zj")).body()).doesNotContain(caseRef);
        // the department is the token's: no field of the body can file as another
        assertThat(post("/api/v1/cases", basic("operator", "operator"), "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void aCaseRefFiledAgainIsTheSameCaseOnlyWithTheSameContent() throws Exception {
        String caseRef = "ZJ-RE-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"caseRef":"%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未按图施工","foundOn":"2026-12-01",
                 "subject":{"name":"宁夏星光置业有限公司","uscc":"%s"}}""".formatted(caseRef, USCC);
        var filed = post("/api/v1/cases", bearer("demo-zj"), body);
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String caseId = mapper.readTree(filed.body()).get("caseId").asText();

        // the department's system wrote it again, other key order and white space: the same case
        String reserialised = """
                {  "subject" : {"uscc":"%s", "name":"宁夏星光置业有限公司"},
                   "foundOn":"2026-12-01", "finding":"未按图施工", "summary":"违规", "type":"VIOLATION_FOUND",
                   "caseRef":"%s" }""".formatted(USCC, caseRef);
        var same = post("/api/v1/cases", bearer("demo-zj"), reserialised);
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(mapper.readTree(same.body()).get("caseId").asText()).isEqualTo(caseId);

        // the same caseRef saying something else is refused, kept in quarantine, and the case stays as filed
        long before = jdbc.queryForObject("select coalesce(max(id), 0) from raw_input", Long.class);
        String changed = body.replace("未按图施工", "擅自改变使用功能");
        var refused = post("/api/v1/cases", bearer("demo-zj"), changed);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode answer = mapper.readTree(refused.body());
        assertThat(answer.get("caseId").asText()).isEqualTo(caseId);
        assertThat(answer.get("reasons").findValuesAsText("field")).containsExactly("caseRef");
        assertThat(answer.get("reasons").findValuesAsText("rule")).containsExactly("already-filed");
        assertThat(answer.get("reasons").get(0).get("message").asText()).contains("already filed with other content");
        Long raw = jdbc.queryForObject("select id from raw_input where id > ? and source = 'CASES' and outcome = "
                + "'REJECTED' and convert_from(body, 'UTF8') like '%擅自改变使用功能%'", Long.class, before);
        assertThat(jdbc.queryForObject("select r->>'rule' from quarantine q, jsonb_array_elements(q.reasons) r "
                + "where q.raw_input_id = ?", String.class, raw)).isEqualTo("already-filed");
        assertThat(jdbc.queryForObject("select fields->>'finding' from case_file where id = ?::uuid", String.class,
                caseId)).isEqualTo("未按图施工");
        assertThat(jdbc.queryForObject("select count(*) from case_file where department = 'ZJ' and case_ref = ?",
                Integer.class, caseRef)).isEqualTo(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    CaseService cases;

    @Test
    void aCaseUnansweredByItsDeadlineIsEscalatedToTheOversightOfficeOnce() throws Exception {
        String caseRef = "ZJ-MI-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = fileViolation("demo-zj", caseRef).get("caseId").asText();
        java.time.Instant later = java.time.Instant.now().plus(Duration.ofDays(60));
        assertThat(cases.escalateOverdue(later)).isPositive();
        assertThat(cases.escalateOverdue(later)).isZero();
        JsonNode onDcs = caseMessage("dcs", "demo-dcs", "DCS", caseId, "ESCALATION");
        assertThat(onDcs.get("caseRef").asText()).isEqualTo(caseRef);
        assertThat(onDcs.get("deadline").asText()).isEqualTo("CASE_REPLY");
        assertThat(get("/actuator/prometheus", basic("operator", "operator")).body())
                .contains("linkage_cases_open{application=\"linkage-hub\",department=\"ZJ\",type=\"VIOLATION_FOUND\"}",
                        "linkage_cases_overdue{application=\"linkage-hub\",department=\"ZJ\",type=\"VIOLATION_FOUND\"}");
    }
}
