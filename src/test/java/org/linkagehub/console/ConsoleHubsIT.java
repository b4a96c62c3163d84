package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.cluster.ThisHub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who leads what, as operators see it: this hub's {@code /actuator/health} has a {@code leadership} component naming
 * the routes it leads, and the console's overview lists every hub that is up (its own heartbeat, and a second hub's
 * row as another process would write it) with what each leads, and not a hub whose heartbeat is old.
 */
class ConsoleHubsIT extends ConsoleTestSupport {

    private static final String STANDBY = "hub-standby-it";
    private static final String GONE = "hub-gone-it";

    @Autowired
    ThisHub hub;

    @Autowired
    ObjectMapper json;

    @AfterEach
    void removeOtherHubs() {
        jdbc.update("delete from hub_node where node_id in (?, ?)", STANDBY, GONE);
    }

    @Test
    void theHealthOfEachHubSaysWhichRoutesItLeads() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> leadership().path("details").path("routes").size() > 0);
        JsonNode leadership = leadership();
        assertThat(leadership.path("status").asText()).isEqualTo("UP");
        assertThat(leadership.path("details").path("nodeId").asText()).isEqualTo(hub.nodeId());
        assertThat(leadership.path("details").path("routes").toString()).contains("deadline-scan",
                "delivery-figures-fold");
        assertThat(leadership.path("details").path("namespaces").path("deadline-scan").path("since").asText())
                .isNotBlank();
    }

    @Test
    void theOverviewListsTheHubsThatAreUpAndWhatEachLeads() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from hub_node where node_id = ? and leads::text like '%\"deadline-scan\"%'", Integer.class,
                hub.nodeId()) == 1);
        jdbc.update("insert into hub_node (node_id, base_url, started_at, heartbeat_at, leads) values "
                + "(?, 'http://standby.invalid:8080', now(), now(), '{}'), "
                + "(?, 'http://gone.invalid:8080', now() - interval '2 hours', now() - interval '1 hour', "
                + "'{\"oa-inbox\": \"2026-01-01T00:00:00Z\"}')", STANDBY, GONE);

        MockMvc mvc = console();
        String overview = mvc.perform(page("/console?lang=en").with(as("operator"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(overview).contains("id=\"hubs\"", "id=\"hub-" + hub.nodeId() + "\"", "(this hub)",
                "deadline-scan", "id=\"hub-" + STANDBY + "\"", "http://standby.invalid:8080", "standby: leads nothing");
        assertThat(overview).doesNotContain(GONE);
        // an auditor sees the same list
        assertThat(mvc.perform(page("/console").with(as("auditor"))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("id=\"hub-" + STANDBY + "\"");
    }

    private JsonNode leadership() throws Exception {
        HttpResponse<String> health = get("/actuator/health", basic("operator", "operator"));
        assertThat(health.statusCode()).isIn(200, 503);
        return json.readTree(health.body()).path("components").path("leadership");
    }
}
