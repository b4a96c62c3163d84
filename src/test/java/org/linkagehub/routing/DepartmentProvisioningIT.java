package org.linkagehub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * A department a routing reload adds is served at once on the embedded broker, with no restart: its user connects
 * over the network with its password, reads the decisions routed to it from its own queue, signs on its own receipts
 * address, files a case on its own cases address, and the broker keeps every other department off all three. The table
 * is put back afterwards: other tests count on the packaged departments.
 */
class DepartmentProvisioningIT extends HubIntegrationTest {

    private static final String MATTER = "640200-SPJ-IT-0901";

    @Autowired
    ObjectMapper json;

    @Autowired
    UserDetailsService users;

    private final Path departments = DATA_DIR.resolve("config/mappings/routing/departments.yaml");
    private final Path matters = DATA_DIR.resolve("config/mappings/routing/matters.yaml");

    @AfterEach
    void backToThePackagedTable() throws Exception {
        Files.deleteIfExists(matters);
        Files.deleteIfExists(departments);
        assertThat(post("/api/v1/routing/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
    }

    @Test
    void aDepartmentAddedByAReloadConnectsReadsItsQueueAndSignsWithoutARestart() throws Exception {
        assertThatThrownBy(() -> departmentConnection("xq", "demo-xq")).as("no such broker user before the reload")
                .isInstanceOf(JMSSecurityException.class);
        assertThat(get("/api/v1/departments/XQ/deliveries", bearer("demo-xq")).statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> users.loadUserByUsername("xq")).isInstanceOf(UsernameNotFoundException.class);

        Files.createDirectories(departments.getParent());
        // departments first: the file watch may read the two files between the writes
        Files.writeString(departments, packaged("departments.yaml", "2026-11-28.1", "it-provision")
                + "  - {code: XQ, name: 石嘴山市测试局, channel: queue}\n");
        Files.writeString(matters, packaged("matters.yaml", "2026-11-28.1", "it-provision")
                + "  - {code: " + MATTER + ", name: 测试事项, primary: XQ, memo: 石审管备〔2020〕3号}\n");
        assertThat(post("/api/v1/routing/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
        // the operator's reload or the file watch, whichever came first, provisioned it and says so
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'routing.reload' "
                + "and after->'provisioned' @> '[\"XQ\"]'::jsonb", Integer.class)).isEqualTo(1);
        JsonNode health = json.readTree(get("/actuator/health", basic("operator", "operator")).body());
        assertThat(health.path("components").path("brokerQueues").path("status").asText()).isEqualTo("UP");

        String delivery = decisionFor(MATTER);
        try (Connection connection = departmentConnection("xq", "demo-xq");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Message message = session.createConsumer(session.createQueue("linkage.dept.XQ"),
                    "deliveryId = '" + delivery + "'").receive(10_000);
            assertThat(message).as("the decision in the new department's queue").isInstanceOf(TextMessage.class);
            assertThat(json.readTree(((TextMessage) message).getText()).path("department").asText()).isEqualTo("XQ");
            // the tracking divert is there too: the broker's report of the read makes it DELIVERED
            await().atMost(Duration.ofSeconds(10)).until(() -> status(delivery), "DELIVERED"::equals);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("linkage.dept.ZJ")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
            session.createProducer(session.createQueue("linkage.receipts.XQ")).send(session.createTextMessage(
                    "{\"deliveryId\":\"" + delivery + "\",\"status\":\"SIGNED\",\"signedBy\":\"李科长\"}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(delivery), "SIGNED"::equals);
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = "
                + "'SIGNED'", String.class, delivery)).isEqualTo("queue:xq (李科长)");

        // its cases address too: a letter to the bureau sent there is filed as XQ's
        String caseRef = "XQ-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = departmentConnection("xq", "demo-xq");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue("linkage.cases.XQ")).send(session.createTextMessage("""
                    {"caseRef":"%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未按图施工",\
                    "foundOn":"2026-12-01","subject":{"name":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M"}}"""
                    .formatted(caseRef)));
        }
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "select department from case_file where case_ref = ?", String.class, caseRef), r -> r.size() == 1))
                .containsExactly("XQ");

        // its API token and console account work too, without a restart
        String second = decisionFor(MATTER);
        assertThat(post("/api/v1/deliveries/" + second + "/receipt", bearer("demo-xq"),
                "{\"status\":\"SIGNED\",\"signedBy\":\"李科长\"}").statusCode()).isEqualTo(200);
        assertThat(status(second)).isEqualTo("SIGNED");
        assertThat(users.loadUserByUsername("xq").getAuthorities()).extracting(Object::toString)
                .contains("ROLE_DEPARTMENT", "DEPT_XQ");

        try (Connection connection = departmentConnection("zj", "demo-zj");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            for (String address : List.of("linkage.receipts.XQ", "linkage.cases.XQ")) {
                assertThatThrownBy(() -> session.createProducer(session.createQueue(address))
                        .send(session.createTextMessage("{}"))).as("ZJ's send to %s", address)
                        .isInstanceOf(JMSSecurityException.class).hasMessageContaining("does not have permission");
            }
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("linkage.dept.XQ")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("AMQ229213");
        }

        // removed again: nothing new is routed to it, and the broker keeps its queue
        Files.delete(matters);
        Files.delete(departments);
        assertThat(post("/api/v1/routing/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'routing.reload' "
                + "and after->'removed' @> '[\"XQ\"]'::jsonb", Integer.class)).isEqualTo(1);
        try (Connection connection = departmentConnection("xq", "demo-xq");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            // the second delivery, signed by API, was never read off the queue: it is still there to read
            assertThat(session.createBrowser(session.createQueue("linkage.dept.XQ")).getEnumeration().hasMoreElements())
                    .as("its queue is kept with what is left in it, and it may still read it").isTrue();
        }
    }

    private static String packaged(String file, String version, String replacement) throws Exception {
        String content = new ClassPathResource("mappings/routing/" + file).getContentAsString(StandardCharsets.UTF_8);
        assertThat(content).contains("version: " + version);
        return content.replace("version: " + version, "version: " + replacement);
    }

    /** Posts a project-approval decision of a matter; its one delivery's id. */
    private String decisionFor(String matter) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批许〔2026〕X" + id + "号";
        String body = """
                {"eventId":"EV-X-%s","eventType":"APPROVED","spsxbm":"%s","spsxmc":"测试事项",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(id, matter, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        List<String> ids = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'XQ'""", String.class, doc), r -> r.size() == 1);
        return ids.get(0);
    }

    private String status(String deliveryId) {
        return jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, deliveryId);
    }
}
