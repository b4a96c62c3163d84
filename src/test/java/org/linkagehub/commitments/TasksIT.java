package org.linkagehub.commitments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

/**
 * Verification tasks of commitment grants (issue 13) through the real interfaces: a paper grant on a commitment opens
 * a task that ZJ (PRIMARY) reads on its queue and answers by REST; the ASSIST department has none and cannot answer
 * ZJ's; a historical grant opens none; a revocation closes an open task; the deadline scan warns ZJ and escalates to
 * the oversight office.
 */
class TasksIT extends TaskTestSupport {


    @Test
    void aCommitmentGrantOpensATaskThatItsPrimaryDepartmentReadsAndAnswers() throws Exception {
        String doc = grant("2026-11-24", true);
        String taskId = taskOf(doc);
        JsonNode task = message("zj", "demo-zj", "ZJ", taskId, "TASK");
        assertThat(task.get("documentNumber").asText()).isEqualTo(doc);
        assertThat(task.get("department").asText()).isEqualTo("ZJ");
        assertThat(task.get("dueAt").asText()).isNotBlank();
        assertThat(task.get("decisionId").asText()).isEqualTo(jdbc.queryForObject(
                "select id::text from decision where document_number = ?", String.class, doc));

        // YJ assists on this matter: no task of its own, and ZJ's is not there for it
        assertThat(get("/api/v1/tasks", bearer("demo-yj")).body()).doesNotContain(doc);
        assertThat(get("/api/v1/tasks/" + taskId, bearer("demo-yj")).statusCode()).isEqualTo(404);
        assertThat(result(taskId, "demo-yj", "{\"result\":\"VERIFIED\"}").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/tasks", basic("auditor", "auditor")).body()).contains(taskId);

        var noSummary = result(taskId, "demo-zj", "{\"result\":\"MISMATCH\"}");
        assertThat(noSummary.statusCode()).isEqualTo(422);
        assertThat(noSummary.body()).contains("summary");
        assertThat(result(taskId, "demo-zj", "{\"result\":\"MAYBE\"}").statusCode()).isEqualTo(422);
        assertThat(result(taskId, "demo-zj", "{\"result\":").statusCode()).isEqualTo(400);

        var verified = result(taskId, "demo-zj", "{\"result\":\"VERIFIED\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(mapper.readTree(verified.body()).get("status").asText()).isEqualTo("VERIFIED");
        assertThat(result(taskId, "demo-zj", "{\"result\":\"VERIFIED\"}").statusCode()).isEqualTo(200);
        assertThat(result(taskId, "demo-zj", "{\"result\":\"MISMATCH\",\"summary\":\"x\"}").statusCode())
                .isEqualTo(409);
        JsonNode detail = mapper.readTree(get("/api/v1/tasks/" + taskId, bearer("demo-zj")).body());
        assertThat(detail.at("/history/0/status").asText()).isEqualTo("OPEN");
        assertThat(detail.at("/history/1/status").asText()).isEqualTo("VERIFIED");
        assertThat(detail.at("/history/1/actor").asText()).isEqualTo("dept:ZJ");
    }

    @Test
    void aGrantWithoutCommitmentOrAHistoricalOneOpensNoTaskAndARevocationClosesOne() throws Exception {
        String plain = grant("2026-11-24", false);
        String historical = grant("2015-03-02", true);
        String doc = grant("2026-11-25", true);
        String taskId = taskOf(doc);
        assertThat(jdbc.queryForObject("select count(*) from verification_task where document_number in (?, ?)",
                Integer.class, plain, historical)).isZero();

        var revoked = post("/api/v1/decisions/manual", basic("operator", "operator"), """
                {"documentNumber":"%s","decisionType":"REVOKE","decisionDate":"2026-11-30","supersedes":"%s",
                 "matter":{"code":"%s","name":"建筑工程施工许可证核发"},
                 "subject":{"category":"ORGANIZATION","name":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M"}}"""
                .formatted(doc.replace("号", "-撤号"), doc, ZJ_MATTER));
        assertThat(revoked.statusCode()).as(revoked.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CLOSED".equals(status(taskId)));
        assertThat(jdbc.queryForObject("select closed_by_decision is not null from verification_task where id = ?::uuid",
                Boolean.class, taskId)).isTrue();
    }

    @Test
    void theDeadlineScanWarnsTheDepartmentAndEscalatesToTheOversightOffice() throws Exception {
        String taskId = taskOf(grant("2026-11-26", true));
        message("zj", "demo-zj", "ZJ", taskId, "TASK");
        // the clock cannot be moved for one test of a shared hub: the task's deadlines are moved instead
        jdbc.update("update verification_task set warn_at = now() - interval '1 minute' where id = ?::uuid", taskId);
        JsonNode warning = message("zj", "demo-zj", "ZJ", taskId, "WARNING");
        assertThat(warning.get("deadline").asText()).isEqualTo("VERIFY");
        jdbc.update("update verification_task set due_at = now() - interval '1 minute' where id = ?::uuid", taskId);
        JsonNode escalation = message("dcs", "demo-dcs", "DCS", taskId, "ESCALATION");
        assertThat(escalation.get("department").asText()).isEqualTo("ZJ");
        assertThat(jdbc.queryForObject("select count(*) from notice where about_id = ?::uuid", Integer.class, taskId))
                .as("TASK, WARNING, ESCALATION: once each").isEqualTo(3);
    }

    @Test
    void aBrowserDepartmentReadsItsTaskOnItsPullFeed() throws Exception {
        String doc = grant("2026-11-27", true, "640200-SPJ-WJ-0107", "医疗机构执业登记");
        JsonNode list = mapper.readTree(get("/api/v1/tasks?status=OPEN&size=200", bearer("demo-wj")).body());
        String taskId = null;
        for (JsonNode item : list.get("items")) {
            if (doc.equals(item.get("documentNumber").asText())) {
                taskId = item.get("taskId").asText();
            }
        }
        assertThat(taskId).as("WJ's task for " + doc).isNotNull();
        String wanted = taskId;
        JsonNode item = await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode feed = mapper.readTree(get("/api/v1/departments/WJ/deliveries?size=500", bearer("demo-wj")).body());
            for (JsonNode i : feed.get("items")) {
                if (wanted.equals(i.path("task").path("taskId").asText())) {
                    return i;
                }
            }
            return null;
        }, i -> i != null);
        assertThat(item.at("/task/status").asText()).isEqualTo("OPEN");
        assertThat(item.at("/task/documentNumber").asText()).isEqualTo(doc);
        assertThat(item.at("/message/messageType").asText()).isEqualTo("TASK");
        assertThat(schema.validate(item.get("message"))).extracting(ValidationMessage::getMessage).isEmpty();
    }

}
