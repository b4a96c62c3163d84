package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Return visits in the console, per role (issue 13 item 5): the bureau (SJ) reads the month's list and records a
 * visit from it (CSRF token needed, as for every console action); operators and the auditor read it and record
 * nothing; other departments may not open it. The visit shows on the decision's timeline, the contact in clear to the
 * bureau only. The window is PT10S in the tests (HubIntegrationTest).
 */
class ConsoleReturnVisitsIT extends ConsoleTestSupport {

    @Test
    void theBureauRecordsAVisitFromTheListAndTheTimelineShowsIt() throws Exception {
        MockMvc mvc = console();
        String doc = approve(DISCHARGE_PERMIT, "宁夏某环保科技有限公司");
        String decisionId = jdbc.queryForObject("select id::text from decision where document_number = ?", String.class,
                doc);
        // nobody starts supervision: once the window has passed the decision is on the bureau's list
        // (with the tests' 50 % sample it may be listed as a SAMPLE before its window closes: wait for its row to say
        // not started)
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> row(body(mvc, page("/console/return-visits").with(as("sj"))), decisionId)
                        .contains("未按时启动监管"));
        String list = body(mvc, page("/console/return-visits").with(as("sj")));
        assertThat(list).contains("id=\"visit-" + decisionId + "\"", "未按时启动监管", "待回访", "class=\"visit-form\"",
                "id=\"period-picker\"", "id=\"nav-visits\"");
        for (String reader : new String[] {"operator", "auditor"}) {
            assertThat(body(mvc, page("/console/return-visits").with(as(reader)))).as(reader).contains(doc)
                    .doesNotContain("class=\"visit-form\"");
        }
        mvc.perform(page("/console/return-visits").with(as("sthj"))).andExpect(status().isForbidden());
        mvc.perform(page("/console/return-visits").with(as("zj"))).andExpect(status().isForbidden());
        assertThat(body(mvc, page("/console/departments/STHJ").with(as("sthj")))).doesNotContain("id=\"nav-visits\"");
        mvc.perform(page("/console/return-visits?period=2026-13").with(as("sj"))).andExpect(status().isBadRequest());
        // another month: the decision was not delivered then
        String lastYear = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(1).toString().substring(0, 7);
        assertThat(body(mvc, page("/console/return-visits?period=" + lastYear).with(as("sj")))).doesNotContain(doc);

        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        mvc.perform(visit(decisionId, today).with(as("sj"))).andExpect(status().isForbidden());
        for (String other : new String[] {"operator", "auditor", "sthj"}) {
            mvc.perform(visit(decisionId, today).with(as(other)).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(visit(decisionId, LocalDate.parse(today).plusDays(2).toString()).with(as("sj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("visitRefused", "INVALID"));
        mvc.perform(visit(decisionId, today).with(as("sj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("visitRecorded", "CREATED"));

        String done = body(mvc, page("/console/return-visits").with(as("sj")));
        assertThat(done).contains("已回访", "赵主任 13800138000", "排污许可执行情况良好");
        assertThat(body(mvc, page("/console/return-visits").with(as("auditor")))).contains("已回访", "赵***")
                .doesNotContain("13800138000");
        String lineage = lineageOf(doc);
        assertThat(body(mvc, page("/console/decisions/" + lineage).with(as("sj"))))
                .contains("id=\"visits\"", "赵主任 13800138000", "继续按季度抽查");
        assertThat(body(mvc, page("/console/decisions/" + lineage).with(as("sthj"))))
                .contains("id=\"visits\"", "排污许可执行情况良好", "赵***").doesNotContain("13800138000");
        // the same decision cannot be visited again with other content
        mvc.perform(visit(decisionId, today).param("finding", "另一结论").with(as("sj")).with(csrf()))
                .andExpect(flash().attribute("visitRefused", "CONFLICT"));
    }

    private static MockHttpServletRequestBuilder visit(String decisionId, String visitedOn) {
        return action("/console/return-visits").param("decisionId", decisionId).param("visitedOn", visitedOn)
                .param("contact", "赵主任 13800138000").param("finding", "排污许可执行情况良好")
                .param("followUp", "继续按季度抽查");
    }

    private static String body(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The list's row of one decision (empty when it is not listed). */
    private static String row(String page, String decisionId) {
        int start = page.indexOf("id=\"visit-" + decisionId + "\"");
        if (start < 0) {
            return "";
        }
        int end = page.indexOf("</tr>", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }
}
