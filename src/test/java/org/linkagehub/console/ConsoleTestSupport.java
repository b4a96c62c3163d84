package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.UUID;

import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Decisions for the console's tests, made the real way: a signed project-approval event. */
abstract class ConsoleTestSupport extends HubIntegrationTest {

    static final String BUILDING_PERMIT = "640200-SPJ-ZJ-0008"; // ZJ primary, YJ assist
    static final String DISCHARGE_PERMIT = "640200-SPJ-HB-0012"; // STHJ only

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private UserDetailsService users;

    @Autowired
    private ObjectProvider<CaseDesk> cases;

    /** The console's pages behind its real security filters, for requests made {@link #as} a configured user. */
    MockMvc console() {
        return MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    static MockHttpServletRequestBuilder page(String path) {
        return MockMvcRequestBuilders.get(path);
    }

    static MockHttpServletRequestBuilder action(String path) {
        return MockMvcRequestBuilders.post(path);
    }

    /** Skips a test of the console's case pages while the hub has no cases feature to serve them (branch cases). */
    void assumeCasesFeature() {
        assumeTrue(cases.getIfAvailable() != null, "no CaseDesk bean: the cases feature (issue 12) is not merged yet");
    }

    /** A request by the configured console user of that name, with its roles and department. */
    RequestPostProcessor as(String name) {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(name));
    }

    /** Posts an approval for the matter and returns its (unique) document number once its deliveries exist. */
    String approve(String matter, String applicant) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕C" + id + "号";
        String body = """
                {"eventId":"EV-C-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"许可",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"%s","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(id, matter, doc, applicant);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from delivery d join decision x on x.id = d.decision_id where x.document_number = ?",
                Integer.class, doc) > 0);
        return doc;
    }

    String deliveryOf(String documentNumber, String department) {
        return jdbc.queryForObject("select d.id::text from delivery d join decision x on x.id = d.decision_id "
                + "where x.document_number = ? and d.department = ?", String.class, documentNumber, department);
    }

    String lineageOf(String documentNumber) {
        return jdbc.queryForObject("select lineage_id::text from decision where document_number = ? limit 1",
                String.class, documentNumber);
    }

    /** Quarantines a webhook event with a broken USCC check character; returns the quarantine id. */
    long quarantineOne() {
        return quarantineOne("91640205MA7K8L9M0X");
    }

    /** As {@link #quarantineOne()} with the given broken USCC (a released code is accepted from then on). */
    long quarantineOne(String brokenUscc) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"eventId":"EV-Q-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"许可",\
                "pfwh":"石审批许〔2026〕Q%s号","pfrq":"20261121","jsdw":"宁夏某公司","jsdwdm":"%s"}"""
                .formatted(id, BUILDING_PERMIT, id, brokenUscc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        // by the event id the entry keeps as its source reference: decoding every raw body as UTF-8 failed once
        // another test had quarantined a GBK file
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.query(
                "select id from quarantine where source = 'project-approval' and source_ref = ? "
                        + "order by id desc limit 1",
                (rs, n) -> rs.getLong(1), "EV-Q-" + id).stream().findFirst().orElse(null), q -> q != null);
    }
}
