package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.delivery.DeadLetters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console per role, in the shared hub context: operators do everything, auditors read everything and act on
 * nothing, a department sees and signs for its own deliveries only, by page and by API.
 */
class ConsoleSecurityIT extends ConsoleTestSupport {

    @Autowired
    ConnectionFactory connections;

    MockMvc mvc;
    String building;
    String discharge;

    @BeforeEach
    void decisionsForZjYjAndSthj() {
        mvc = console();
        building = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        discharge = approve(DISCHARGE_PERMIT, "石嘴山某化工有限公司");
    }

    @Test
    void operatorSeesEveryPage() throws Exception {
        long quarantined = quarantineOne();
        String lineage = lineageOf(building);
        for (String page : new String[] {"/console", "/console/quarantine", "/console/quarantine/" + quarantined,
            "/console/departments", "/console/departments/ZJ?filter=all", "/console/decisions?q=" + building,
            "/console/decisions/" + lineage, "/console/scorecards", "/console/scorecards/print", "/console/actions"}) {
            mvc.perform(page(page).with(as("operator"))).andExpect(status().isOk());
        }
        String overview = body(page("/console").with(as("operator")));
        assertThat(overview).contains("project-approval-intake", "outbox-dispatch", "<svg", "project-approval");
        String timeline = body(page("/console/decisions/" + lineage).with(as("operator")));
        String mapping = "project-approval v1 · sha256 "
                + packagedMapping("project-approval").sha256().substring(0, 12);
        assertThat(timeline).contains(building, deliveryOf(building, "ZJ"), deliveryOf(building, "YJ"), "EV-C-",
                mapping, "raw-input");
        assertThat(body(page("/console/quarantine/" + quarantined).with(as("operator"))))
                .contains("jsdwdm", "91640205MA7K8L9M0X", "id=\"replay\"", "id=\"release\"", mapping);
    }

    @Test
    void anOperatorReleasesAKnownBadCodeWithAReason() throws Exception {
        long quarantined = quarantineOne("91640205MA7K8L9M0A");
        mvc.perform(action("/console/quarantine/" + quarantined + "/release").param("reason", "登记簿原样")
                .with(as("auditor")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(action("/console/quarantine/" + quarantined + "/release").param("reason", "登记簿原样")
                .with(as("operator")).with(csrf())).andExpect(redirectedUrl("/console/quarantine/" + quarantined));
        assertThat(jdbc.queryForObject("select status from quarantine where id = ?", String.class, quarantined))
                .isEqualTo("RELEASED");
    }

    @Test
    void labelsFollowTheLanguageSwitch() throws Exception {
        assertThat(body(page("/console/departments").with(as("auditor")))).contains("最早未签收");
        assertThat(body(page("/console/departments?lang=en").with(as("auditor")))).contains("Oldest unsigned");
    }

    @Test
    void scorecardCsvStartsWithAByteOrderMarkForExcel() throws Exception {
        byte[] csv = mvc.perform(page("/console/scorecards.csv").with(as("auditor"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("石嘴山市住房和城乡建设局").contains("ZJ,");
    }

    @Test
    void auditorReadsEverythingButCannotAct() throws Exception {
        long quarantined = quarantineOne();
        mvc.perform(page("/console").with(as("auditor"))).andExpect(status().isOk());
        mvc.perform(page("/console/decisions/" + lineageOf(discharge)).with(as("auditor"))).andExpect(status().isOk());
        mvc.perform(action("/console/routes/manual-intake/stop").with(as("auditor")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(action("/console/quarantine/" + quarantined + "/replay").with(as("auditor")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(action("/console/dead-letters/retry").with(as("auditor")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(action("/console/deliveries/" + deliveryOf(building, "ZJ") + "/receipt").param("status", "SIGNED")
                .with(as("auditor")).with(csrf())).andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select status from quarantine where id = ?", String.class, quarantined))
                .isEqualTo("OPEN");
        assertThat(body(page("/console").with(as("auditor")))).doesNotContain("/stop\"");
    }

    @Test
    void aDepartmentSeesOnlyItsOwnDeliveriesByPageAndByApi() throws Exception {
        mvc.perform(page("/console").with(as("zj"))).andExpect(redirectedUrl("/console/departments/ZJ"));
        assertThat(body(page("/console/departments/ZJ?filter=all").with(as("zj"))))
                .contains("石嘴山市住房和城乡建设局", building).doesNotContain(discharge);
        mvc.perform(page("/console/departments/STHJ").with(as("zj"))).andExpect(status().isNotFound());
        for (String page : new String[] {"/console/departments", "/console/quarantine", "/console/scorecards",
            "/console/scorecards.csv", "/console/actions"}) {
            mvc.perform(page(page).with(as("zj"))).andExpect(status().isForbidden());
        }
        assertThat(body(page("/console/decisions?q=" + building).with(as("zj")))).contains("class=\"timeline\"");
        assertThat(body(page("/console/decisions?q=" + discharge).with(as("zj")))).doesNotContain("class=\"timeline\"");
        mvc.perform(page("/console/decisions/" + lineageOf(discharge)).with(as("zj"))).andExpect(status().isNotFound());
        String timeline = body(page("/console/decisions/" + lineageOf(building)).with(as("zj")));
        assertThat(timeline).contains(deliveryOf(building, "ZJ")).doesNotContain(deliveryOf(building, "YJ"))
                .as("no raw input for a department").doesNotContain("raw-input");
        mvc.perform(action("/console/deliveries/" + deliveryOf(discharge, "STHJ") + "/receipt").param("status", "SIGNED")
                .with(as("zj")).with(csrf())).andExpect(status().isNotFound());
        assertThat(get("/api/v1/decisions?documentNumber=x", bearer("demo-zj")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/decisions?documentNumber=x", basic("zj", "demo-zj")).statusCode()).isEqualTo(403);
    }

    @Test
    void aDepartmentSignsAndStartsSupervisionInTheBrowser() throws Exception {
        String delivery = deliveryOf(building, "ZJ");
        mvc.perform(action("/console/deliveries/" + delivery + "/receipt").param("status", "SIGNED")
                .param("signedBy", "王科长").with(as("zj")).with(csrf()))
                .andExpect(redirectedUrl("/console/departments/ZJ"));
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = 'SIGNED'",
                String.class, delivery)).isEqualTo("console:zj (王科长)");
        mvc.perform(action("/console/deliveries/" + delivery + "/receipt").param("status", "SUPERVISION_STARTED")
                .with(as("zj")).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, delivery))
                .isEqualTo("SUPERVISION_STARTED");
        mvc.perform(action("/console/deliveries/" + delivery + "/receipt").param("status", "SIGNED").with(as("zj")))
                .andExpect(status().isForbidden());
    }

    @Test
    void formLoginGivesASessionThatTheApiDoesNotAccept() throws Exception {
        mvc.perform(formLogin("/login").user("operator").password("wrong")).andExpect(redirectedUrl("/login?error"));
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("operator").password("operator"))
                .andExpect(redirectedUrl("/console")).andReturn().getRequest().getSession(false);
        mvc.perform(page("/console").session(session))
                .andExpect(status().isOk());
        mvc.perform(page("/api/v1/decisions").session(session))
                .andExpect(status().isUnauthorized());
        mvc.perform(page("/console")).andExpect(redirectedUrl("http://localhost/login"));
        mvc.perform(page("/login")).andExpect(status().isOk()).andExpect(content().string(
                org.hamcrest.Matchers.containsString("name=\"_csrf\"")));
    }

    @Test
    void operatorRouteControlIsAudited() throws Exception {
        mvc.perform(action("/console/routes/manual-intake/stop").with(as("operator")).with(csrf()))
                .andExpect(redirectedUrl("/console"));
        try {
            assertThat(body(page("/console").with(as("operator")))).contains("Stopped");
        } finally {
            mvc.perform(action("/console/routes/manual-intake/start").with(as("operator")).with(csrf()))
                    .andExpect(redirectedUrl("/console"));
        }
        assertThat(jdbc.queryForList("select action || ' ' || (before->>'status') || '>' || (after->>'status') from audit_log "
                + "where target = 'route/manual-intake' and actor = 'operator' order by id desc limit 2", String.class))
                .containsExactly("route.start Stopped>Started", "route.stop Started>Stopped");
    }

    @Test
    void retryingDeadLettersMovesThemBackToTheirQueue() throws Exception {
        String queue = "linkage.test.retry";
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message dead = session.createTextMessage("{}");
            dead.setStringProperty("_AMQ_ORIG_ADDRESS", queue);
            dead.setStringProperty("_AMQ_ORIG_QUEUE", queue);
            session.createConsumer(session.createQueue(queue)).close();
            session.createProducer(session.createQueue(DeadLetters.ADDRESS)).send(dead);

            assertThat(body(page("/console/actions").with(as("auditor")))).contains("<code>DLQ</code>");
            mvc.perform(action("/console/dead-letters/retry").with(as("operator")).with(csrf()))
                    .andExpect(redirectedUrl("/console/actions"));
            try (MessageConsumer back = session.createConsumer(session.createQueue(queue))) {
                assertThat(back.receive(20_000)).as("the message is back on its queue; the retry's audit: %s",
                        jdbc.queryForObject("select after::text from audit_log where action = 'dlq.retry' order by id desc limit 1",
                                String.class)).isNotNull();
            }
        }
        assertThat(jdbc.queryForObject("select after->>'moved' from audit_log where action = 'dlq.retry' "
                + "order by id desc limit 1", String.class)).isEqualTo("1");
    }

    private String body(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
