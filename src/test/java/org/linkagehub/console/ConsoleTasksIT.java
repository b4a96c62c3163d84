package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Commitment checks in the console (issue 13): a department sees its own verification tasks and answers an open one
 * from the page (with the CSRF token); another department neither sees nor answers it; operators and the auditor read
 * every task and answer none.
 */
class ConsoleTasksIT extends ConsoleTestSupport {

    MockMvc mvc;
    String doc;
    String taskId;

    @BeforeEach
    void aCommitmentGrantForZj() {
        assumeCasesFeature();
        mvc = console();
        doc = "石审批许〔2026〕K" + UUID.randomUUID().toString().substring(0, 8) + "号";
        var created = post("/api/v1/decisions/manual", basic("operator", "operator"), """
                {"documentNumber":"%s","decisionType":"GRANT","decisionDate":"2026-11-20",
                 "matter":{"code":"%s","name":"建筑工程施工许可证核发"},
                 "subject":{"category":"ORGANIZATION","name":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M"},
                 "commitment":true}""".formatted(doc, BUILDING_PERMIT));
        assertThat(created.statusCode()).as(created.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from verification_task where document_number = ?", Integer.class, doc) > 0);
        taskId = jdbc.queryForObject("select id::text from verification_task where document_number = ?",
                String.class, doc);
    }

    @Test
    void zjSeesAndAnswersItsTaskYjDoesNot() throws Exception {
        assertThat(body(page("/console/tasks").with(as("zj")))).contains(doc, "task-" + taskId, "class=\"task-form")
                .as("a department filters no other department").doesNotContain("name=\"department\"");
        assertThat(body(page("/console/tasks?department=ZJ").with(as("operator")))).contains(doc, "name=\"department\"",
                "<option value=\"ZJ\" selected=\"selected\"");
        assertThat(body(page("/console/tasks").with(as("yj")))).doesNotContain(doc);
        assertThat(body(page("/console/tasks?status=OPEN").with(as("auditor")))).contains(doc)
                .doesNotContain("class=\"task-form");

        // without the token, or as an operator, nothing is recorded; YJ's answer to ZJ's task is refused
        mvc.perform(result(taskId, "VERIFIED").with(as("zj"))).andExpect(status().isForbidden());
        mvc.perform(result(taskId, "VERIFIED").with(as("operator")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(result(taskId, "VERIFIED").with(as("yj")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(taskStatus()).isEqualTo("OPEN");
        // a mismatch needs its summary: refused on the page, the task stays open
        String refused = mvc.perform(result(taskId, "MISMATCH").with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("answerReasons").toString();
        assertThat(refused).contains("summary", "required");
        assertThat(taskStatus()).isEqualTo("OPEN");

        mvc.perform(result(taskId, "VERIFIED").with(as("zj")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(taskStatus()).isEqualTo("VERIFIED");
        assertThat(body(page("/console/tasks").with(as("zj")))).contains("task-" + taskId)
                .doesNotContain("action=\"/console/tasks/" + taskId + "/result\"");

        // the decision's timeline shows the task to ZJ, the bureau and the auditor, not to YJ
        String timeline = "/console/decisions/" + lineageOf(doc);
        assertThat(body(page(timeline).with(as("zj")))).contains("timeline-task-" + taskId);
        assertThat(body(page(timeline).with(as("sj")))).contains("timeline-task-" + taskId);
        assertThat(body(page(timeline).with(as("auditor")))).contains("timeline-task-" + taskId);

        // the scorecards count ZJ's check, answered by its due date, and its open rectifications (none here)
        String csv = body(page("/console/scorecards.csv").with(as("auditor")));
        assertThat(csv.lines().findFirst().orElseThrow()).contains("承诺核查按时率");
        String[] zj = csv.lines().filter(line -> line.startsWith("ZJ,")).findFirst().orElseThrow().split(",", -1);
        assertThat(Long.parseLong(zj[13])).as("checks due").isPositive();
        assertThat(Long.parseLong(zj[14])).as("checks on time").isPositive();
        assertThat(zj[15]).as("on-time percent").isNotEmpty();
        assertThat(zj[16]).as("open rectifications").isEqualTo("0");
        assertThat(body(page("/console/scorecards").with(as("auditor")))).contains("承诺核查按时率");
    }

    @Test
    void aMismatchIsAnsweredRectifyAndZjReportsTheRectificationFromTheCasePage() throws Exception {
        mvc.perform(result(taskId, "MISMATCH").param("summary", "现场核查：施工单位资质与承诺不符").with(as("zj"))
                .with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(taskStatus()).isEqualTo("MISMATCH");
        String caseId = jdbc.queryForObject("select case_id::text from verification_task where id = ?::uuid",
                String.class, taskId);
        assertThat(body(page("/console/tasks").with(as("zj")))).contains("/console/cases/" + caseId);
        String asBureau = body(page("/console/cases/" + caseId).with(as("sj")));
        assertThat(asBureau).contains("id=\"case-task\"", taskId, "id=\"rectify-by\"");

        String rectifyBy = java.time.LocalDate.now().plusDays(30).toString();
        mvc.perform(action("/console/cases/" + caseId + "/reply").param("outcome", "RECTIFY")
                .param("rectifyBy", rectifyBy).param("letterDocumentNumber", "石审批函〔2026〕7号")
                .param("letterDate", java.time.LocalDate.now().toString()).param("letterSigner", "王局长")
                .param("note", "责令限期整改").with(as("sj")).with(csrf())).andExpect(status().is3xxRedirection());
        String asZj = body(page("/console/cases/" + caseId).with(as("zj")));
        assertThat(asZj).contains("id=\"case-rectify-by\"", rectifyBy, "id=\"rectification-form\"");
        assertThat(asBureau).doesNotContain("id=\"rectification-form\"");
        assertThat(body(page("/console/cases/" + caseId).with(as("sj")))).doesNotContain("id=\"rectification-form\"");

        mvc.perform(action("/console/cases/" + caseId + "/rectification").param("rectified", "true")
                .param("note", "已更换施工单位").with(as("zj"))).andExpect(status().isForbidden());
        mvc.perform(action("/console/cases/" + caseId + "/rectification").param("rectified", "true")
                .param("note", "已更换施工单位").with(as("zj")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(jdbc.queryForObject("select status from case_file where id = ?::uuid", String.class, caseId))
                .isEqualTo("CLOSED");
        assertThat(body(page("/console/decisions/" + lineageOf(doc)).with(as("zj"))))
                .contains("timeline-task-" + taskId, "/console/cases/" + caseId);
    }

    private String taskStatus() {
        return jdbc.queryForObject("select status from verification_task where id = ?::uuid", String.class, taskId);
    }

    private static MockHttpServletRequestBuilder result(String taskId, String result) {
        return action("/console/tasks/" + taskId + "/result").param("result", result);
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
