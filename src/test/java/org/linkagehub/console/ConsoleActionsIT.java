package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.ingest.MappingReloader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The actions page's re-route of a returned delivery, per role: an operator re-routes through the form and the
 * new delivery reaches the chosen department's queue, audited; an auditor sees the list without a form and is
 * refused the action; a department is refused the page, the action and the API alike. The mappings in force are
 * shown with the operator's reload, whose refusal of a broken file names the file and line.
 */
class ConsoleActionsIT extends ConsoleTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MappingReloader mappingReloader;

    MockMvc mvc;
    String document;
    String returned;

    /** A building permit for ZJ and YJ, returned by YJ ("not ours") through the receipt API. */
    @BeforeEach
    void aDeliveryReturnedByYj() {
        mvc = console();
        document = approve(BUILDING_PERMIT, "宁夏星光置业有限公司");
        returned = deliveryOf(document, "YJ");
        var answer = post("/api/v1/deliveries/" + returned + "/receipt", bearer("demo-yj"),
                "{\"status\":\"RETURNED\",\"note\":\"特种设备不属于本部门\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void anOperatorReroutesAReturnedDeliveryThroughTheFormAndItReachesTheTargetQueue() throws Exception {
        String page = body(page("/console/actions?lang=en").with(as("operator")));
        String row = rowOf(page, returned);
        assertThat(row).contains(document, BUILDING_PERMIT, "YJ", "石嘴山市应急管理局", "特种设备不属于本部门",
                "/console/deliveries/" + returned + "/reroute", "name=\"_csrf\"", "value=\"GA\"")
                .as("the returning department is not offered").doesNotContain("value=\"YJ\"");

        MvcResult result = mvc.perform(reroute(returned, "GA", "涉及治安管理，由公安局协同").with(as("operator"))
                .with(csrf())).andExpect(redirectedUrl("/console/actions#reroute")).andReturn();
        String created = jdbc.queryForObject("select rerouted_to::text from delivery where id = ?::uuid", String.class,
                returned);
        assertThat(created).isNotNull();
        String after = body(page("/console/actions?lang=en").flashAttrs(result.getFlashMap()).with(as("operator")));
        assertThat(after).contains("id=\"rerouted\"", "re-routed to GA: new delivery " + created)
                .doesNotContain("id=\"returned-" + returned + "\"");

        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, returned))
                .isEqualTo("REROUTED");
        assertThat(jdbc.queryForObject("select department from delivery where id = ?::uuid", String.class, created))
                .isEqualTo("GA");
        assertThat(jdbc.queryForObject("""
                select actor || ' ' || (before->>'status') || '>' || (after->>'status') || ' ' || (after->>'department')
                       || ' ' || (after->>'reroutedTo') || ' ' || (after->>'reason')
                from audit_log where action = 'delivery.reroute' and target = ?""", String.class, "delivery/" + returned))
                .isEqualTo("operator RETURNED>REROUTED GA " + created + " 涉及治安管理，由公安局协同");

        try (Connection connection = departmentConnection("ga", "demo-ga");
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer queue = session.createConsumer(session.createQueue("linkage.dept.GA"))) {
            // other tests may have left messages for GA: read on to this delivery's
            boolean found = false;
            for (var m = queue.receive(20_000); m != null && !found; m = found ? null : queue.receive(20_000)) {
                found = created.equals(JSON.readTree(((TextMessage) m).getText()).path("deliveryId").asText());
            }
            assertThat(found).as("GA's queue carries the new delivery").isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select status from delivery where id = ?::uuid", String.class, created), "DELIVERED"::equals);
    }

    @Test
    void theFormShowsWhyARerouteIsRefused() throws Exception {
        String noReason = flashError(reroute(returned, "GA", " "));
        assertThat(noReason).contains("a reason is required");
        String sameDepartment = flashError(reroute(returned, "YJ", "试试"));
        assertThat(sameDepartment).contains("returned by YJ");
        String unknown = flashError(reroute(returned, "XX", "试试"));
        assertThat(unknown).contains("no department 'XX'");
        String notReturned = flashError(reroute(deliveryOf(document, "ZJ"), "GA", "试试"));
        assertThat(notReturned).contains("only a RETURNED delivery can be re-routed");
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, returned))
                .isEqualTo("RETURNED");
        String page = body(page("/console/actions").flashAttr("error", notReturned).with(as("operator")));
        assertThat(page).contains("class=\"flash err\"", "only a RETURNED delivery can be re-routed");
    }

    @Test
    void anAuditorSeesTheReturnedListWithoutAFormAndCannotReroute() throws Exception {
        String page = body(page("/console/actions?lang=en").with(as("auditor")));
        assertThat(rowOf(page, returned)).contains(document, "特种设备不属于本部门").doesNotContain("<form", "<select");
        assertThat(page).contains("Returned by", "Re-route a returned delivery");
        assertThat(body(page("/console/actions").with(as("auditor")))).contains("退回部门", "退回推送改派");
        mvc.perform(reroute(returned, "GA", "越权").with(as("auditor")).with(csrf())).andExpect(status().isForbidden());
        assertThat(post("/api/v1/deliveries/" + returned + "/reroute", basic("auditor", "auditor"),
                "{\"department\":\"GA\",\"reason\":\"越权\"}").statusCode()).isEqualTo(403);
        JsonNode oldest = JSON.readTree(get("/api/v1/deliveries/returned?size=1", basic("auditor", "auditor")).body());
        assertThat(oldest.path("items")).hasSize(1);
        assertThat(oldest.path("total").asInt()).as("counts them all").isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, returned))
                .isEqualTo("RETURNED");
    }

    @Test
    void aDepartmentIsRefusedThePageTheActionAndTheApi() throws Exception {
        mvc.perform(page("/console/actions").with(as("yj"))).andExpect(status().isForbidden());
        mvc.perform(reroute(returned, "GA", "越权").with(as("yj")).with(csrf())).andExpect(status().isForbidden());
        assertThat(get("/api/v1/deliveries/returned", bearer("demo-yj")).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/deliveries/" + returned + "/reroute", bearer("demo-yj"),
                "{\"department\":\"GA\",\"reason\":\"越权\"}").statusCode()).isEqualTo(403);
        mvc.perform(reroute(returned, "GA", "无令牌").with(as("operator"))).andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, returned))
                .isEqualTo("RETURNED");
    }

    @Test
    void anOperatorReloadsAFixedMappingFromThePageAndABrokenOneIsShownWithItsFileAndLine() throws Exception {
        Path override = DATA_DIR.resolve("config/mappings/sources/oa.yaml");
        String packaged = new ClassPathResource("mappings/sources/oa.yaml").getContentAsString(StandardCharsets.UTF_8);
        try {
            String page = body(page("/console/actions?lang=en").with(as("operator")));
            assertThat(page).contains("Mappings and routing table in force", "id=\"mapping-oa\"",
                    "classpath:mappings/sources/oa.yaml", "routing/matters.yaml", "id=\"reload-mappings\"",
                    "id=\"reload-routing\"");
            assertThat(body(page("/console/actions").with(as("auditor")))).contains("生效中的映射与路由表", "id=\"mapping-oa\"")
                    .doesNotContain("id=\"reload-mappings\"", "id=\"reload-routing\"");
            mvc.perform(MockMvcRequestBuilders.post("/console/mappings/reload").with(as("auditor")).with(csrf()))
                    .andExpect(status().isForbidden());

            Files.createDirectories(override.getParent());
            Files.writeString(override, packaged.replace("version: 1", "version: 7"));
            MvcResult reloaded = mvc.perform(MockMvcRequestBuilders.post("/console/mappings/reload").with(as("operator"))
                    .with(csrf())).andExpect(redirectedUrl("/console/actions#configuration")).andReturn();
            String after = body(page("/console/actions?lang=en").flashAttrs(reloaded.getFlashMap()).with(as("operator")));
            assertThat(after).contains("Mappings reloaded; replay the quarantined records the fix is for.");
            String row = after.substring(after.indexOf("id=\"mapping-oa\""));
            assertThat(row.substring(0, row.indexOf("</tr>"))).contains(">7<", override.toString());

            Files.writeString(override, packaged.replace("version: 1", "version: 8")
                    .replace("{path: FaWenRiQi, transform: date,", "{path: FaWenRiQi, transform: someday,"));
            MvcResult refused = mvc.perform(MockMvcRequestBuilders.post("/console/mappings/reload").with(as("operator"))
                    .with(csrf())).andExpect(redirectedUrl("/console/actions#configuration")).andReturn();
            assertThat(String.valueOf(refused.getFlashMap().get("error"))).contains(override.toString(), "line 16",
                    "someday");
            assertThat(jdbc.queryForObject("""
                    select after->'oa'->>'version' from audit_log where action = 'mappings.reload' and actor = 'operator'
                    order by id desc limit 1""", String.class)).as("only the good reload is in force and audited")
                    .isEqualTo("7");
        } finally {
            Files.deleteIfExists(override);
            mappingReloader.reload("ConsoleActionsIT");
        }
    }

    /** Posts the form as an operator with its CSRF token; returns the error the page will show. */
    private String flashError(MockHttpServletRequestBuilder form) throws Exception {
        MvcResult result = mvc.perform(form.with(as("operator")).with(csrf()))
                .andExpect(redirectedUrl("/console/actions#reroute")).andReturn();
        return String.valueOf(result.getFlashMap().get("error"));
    }

    private static MockHttpServletRequestBuilder reroute(String delivery, String department, String reason) {
        return MockMvcRequestBuilders.post("/console/deliveries/" + delivery + "/reroute").param("department", department)
                .param("reason", reason);
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The table row of one returned delivery on the actions page. */
    private static String rowOf(String page, String delivery) {
        int start = page.indexOf("id=\"returned-" + delivery + "\"");
        assertThat(start).as("a row for returned delivery %s", delivery).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
