package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.cases.CaseAttachments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Cases in the console, per role (issue 12): a department files as itself and sees only its own cases, the bureau
 * (SJ) reads its inbox and alone replies, operators and the auditor read every case and act on none. Every action
 * needs the CSRF token, as elsewhere in the console.
 */
class ConsoleCasesIT extends ConsoleTestSupport {

    MockMvc mvc;
    String building;

    @BeforeEach
    void aDecisionForZjAndYj() {
        assumeCasesFeature();
        mvc = console();
        building = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
    }

    @Test
    void aDepartmentFilesAsItselfAndOnlyItSeesItsCase() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        // a department field smuggled into the form is not read: the case is ZJ's
        MvcResult filed = mvc.perform(erroneousApproval(caseRef).param("department", "YJ").with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        String caseId = caseIdOf(filed);
        String page = body(page("/console/cases/" + caseId).with(as("zj")));
        assertThat(page).contains(caseRef, building, "石嘴山市住房和城乡建设局").doesNotContain("id=\"reply-form\"");
        assertThat(body(page("/console/cases").with(as("zj")))).contains(caseRef);

        mvc.perform(page("/console/cases/" + caseId).with(as("yj"))).andExpect(status().isNotFound());
        assertThat(body(page("/console/cases").with(as("yj")))).doesNotContain(caseRef);

        // the same caseRef again is the same case
        MvcResult again = mvc.perform(erroneousApproval(caseRef).with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(caseIdOf(again)).isEqualTo(caseId);
    }

    @Test
    void filingNeedsADepartmentAndTheCsrfToken() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(erroneousApproval(caseRef).with(as("zj"))).andExpect(status().isForbidden());
        mvc.perform(erroneousApproval(caseRef).with(as("auditor")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(erroneousApproval(caseRef).with(as("operator")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(erroneousApproval(caseRef).with(as("sj")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(page("/console/cases/new").with(as("auditor"))).andExpect(status().isForbidden());
        assertThat(body(page("/console/cases").with(as("operator")))).doesNotContain(caseRef);
    }

    @Test
    void anInvalidCaseIsRefusedWithItsReasonsOnTheForm() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        // an erroneous-approval letter must carry its letter (number, date, signer)
        String page = mvc.perform(action("/console/cases").param("type", "ERRONEOUS_APPROVAL").param("caseRef", caseRef)
                .param("summary", "审批条件不符").param("decisionDocumentNumber", building)
                .param("requestedAction", "REVOKE").with(as("zj")).with(csrf()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("id=\"refused\"", "letter").contains(caseRef);
        assertThat(body(page("/console/cases").with(as("zj")))).doesNotContain(caseRef);
    }

    @Test
    void onlyTheBureauRepliesAndEveryoneElseReads() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = caseIdOf(mvc.perform(erroneousApproval(caseRef).with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn());
        for (String reader : new String[] {"operator", "auditor"}) {
            assertThat(body(page("/console/cases").with(as(reader)))).as(reader).contains(caseRef);
            assertThat(body(page("/console/cases/" + caseId).with(as(reader)))).as(reader).contains(caseRef)
                    .doesNotContain("id=\"reply-form\"");
        }
        String inbox = body(page("/console/cases").with(as("sj")));
        assertThat(inbox).contains(caseRef, "函复期限");
        assertThat(body(page("/console/cases/" + caseId).with(as("sj")))).contains("id=\"reply-form\"");
        mvc.perform(page("/console").with(as("sj"))).andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/console/cases"));

        for (String other : new String[] {"zj", "yj", "operator", "auditor"}) {
            mvc.perform(reply(caseId, "NOTED").with(as(other)).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(reply(caseId, "NOTED").with(as("sj"))).andExpect(status().isForbidden());
        assertThat(body(page("/console/cases/" + caseId).with(as("zj")))).doesNotContain("id=\"reply\"");

        mvc.perform(reply(caseId, "WILL_REVOKE").param("note", "将依法撤销").with(as("sj")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String replied = body(page("/console/cases/" + caseId).with(as("zj")));
        assertThat(replied).contains("id=\"reply\"", "拟撤销", "将依法撤销", "待出具决定");
        assertThat(body(page("/console/decisions/" + lineageOf(building)).with(as("zj")))).contains(caseRef, "拟撤销");
        assertThat(body(page("/console/decisions/" + lineageOf(building)).with(as("yj")))).doesNotContain(caseRef);
    }

    @Autowired
    CaseAttachments attachments;

    @Test
    void theCasePageListsItsAttachmentsForEveryReaderToDownload() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = caseIdOf(mvc.perform(erroneousApproval(caseRef).with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn());
        byte[] record = "现场检查记录".getBytes(StandardCharsets.UTF_8);
        CaseAttachments.Attached attached = attachments.attach("ZJ", UUID.fromString(caseId), List.of(
                new CaseAttachments.Upload("现场记录.txt", "text/plain", record.length, () -> record)), "dept:ZJ");
        String link = "/console/cases/" + caseId + "/attachments/" + attached.stored().get(0).attachment().attachmentId();
        for (String reader : new String[] {"zj", "sj", "operator", "auditor"}) {
            assertThat(body(page("/console/cases/" + caseId).with(as(reader)))).as(reader)
                    .contains("id=\"attachments\"", "现场记录.txt", link, sha256(record));
            MvcResult download = mvc.perform(page(link).with(as(reader))).andExpect(status().isOk()).andReturn();
            assertThat(download.getResponse().getContentAsByteArray()).as(reader).isEqualTo(record);
            assertThat(download.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(download.getResponse().getHeader("Content-Disposition")).startsWith("attachment;");
        }
        mvc.perform(page(link).with(as("yj"))).andExpect(status().isNotFound());
        mvc.perform(page("/console/cases/" + caseId + "/attachments/" + UUID.randomUUID()).with(as("zj")))
                .andExpect(status().isNotFound());
    }

    @Test
    void theBureauSignsForACaseFromItsPageAndNoOneElseMay() throws Exception {
        String caseRef = "ZJ-QS-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = caseIdOf(mvc.perform(erroneousApproval(caseRef).with(as("zj")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn());
        assertThat(body(page("/console/cases/" + caseId).with(as("zj")))).doesNotContain("id=\"sign-form\"");
        assertThat(body(page("/console/cases/" + caseId).with(as("sj")))).contains("id=\"sign-form\"");
        for (String other : new String[] {"zj", "yj", "operator", "auditor"}) {
            mvc.perform(action("/console/cases/" + caseId + "/sign").with(as(other)).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(action("/console/cases/" + caseId + "/sign").with(as("sj"))).andExpect(status().isForbidden());

        mvc.perform(action("/console/cases/" + caseId + "/sign").with(as("sj")).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String signed = body(page("/console/cases/" + caseId).with(as("sj")));
        assertThat(signed).contains("已签收", "console:sj").doesNotContain("id=\"sign-form\"")
                .contains("id=\"reply-form\"");
    }

    @Test
    void theScorecardsCountCasesFiledAndTheBureausReplies() throws Exception {
        String caseRef = "ZJ-HG-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(erroneousApproval(caseRef).with(as("zj")).with(csrf())).andExpect(status().is3xxRedirection());
        String page = body(page("/console/scorecards").with(as("auditor")));
        assertThat(page).contains("id=\"case-counts\"", "函告数");
        String csv = body(page("/console/scorecards.csv").with(as("auditor")));
        String zj = csv.lines().filter(line -> line.startsWith("ZJ,")).findFirst().orElseThrow();
        String sj = csv.lines().filter(line -> line.startsWith("SJ,")).findFirst().orElseThrow();
        assertThat(Long.parseLong(zj.split(",", -1)[9])).as("cases ZJ filed this month: %s", zj).isPositive();
        assertThat(zj.split(",", -1)[12]).as("open cases are the bureau's figure").isEmpty();
        assertThat(Long.parseLong(sj.split(",", -1)[12])).as("the bureau's open cases: %s", sj).isPositive();
    }

    private static MockHttpServletRequestBuilder erroneousApproval(String caseRef, String documentNumber) {
        return action("/console/cases").param("type", "ERRONEOUS_APPROVAL").param("caseRef", caseRef)
                .param("summary", "该项目不符合审批条件，建议撤销").param("decisionDocumentNumber", documentNumber)
                .param("requestedAction", "REVOKE").param("letterDocumentNumber", "石建函〔2026〕12号")
                .param("letterDate", "2026-12-01").param("letterSigner", "李局长");
    }

    private MockHttpServletRequestBuilder erroneousApproval(String caseRef) {
        return erroneousApproval(caseRef, building);
    }

    private static MockHttpServletRequestBuilder reply(String caseId, String outcome) {
        return action("/console/cases/" + caseId + "/reply").param("outcome", outcome)
                .param("letterDocumentNumber", "石审批函〔2026〕3号").param("letterDate", "2026-12-02")
                .param("letterSigner", "张局长");
    }

    private static String caseIdOf(MvcResult filed) {
        String location = filed.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/console/cases/");
        return location.substring("/console/cases/".length());
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
