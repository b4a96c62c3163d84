package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.ingest.SourceMonitor;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The health answers over real HTTP: anonymous probes for a load balancer or Kubernetes, readiness that means
 * "database and broker answer, and intake is open" and nothing about the platforms, Camel's route and consumer checks
 * for operators, and a platform's outage visible in its own group while the hub stays UP.
 */
class HealthProbesIT extends HubIntegrationTest {

    private static final String SOURCE = "project-approval";

    @Autowired
    ObjectMapper json;

    @Autowired
    SourceMonitor sources;

    @Test
    void livenessAndReadinessAreAnonymousAndReadinessIsDatabaseAndBrokerOnly() throws Exception {
        var liveness = get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(liveness.body()).path("status").asText()).isEqualTo("UP");

        var readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).has("components")).as("anonymous callers see the status only").isFalse();
        JsonNode components = json.readTree(get("/actuator/health/readiness", basic("auditor", "auditor")).body())
                .path("components");
        assertThat(names(components)).containsExactlyInAnyOrder("readinessState", "db", "jms", "intake");
    }

    @Test
    void operatorsSeeCamelRoutesAndConsumersInTheHubsHealth() throws Exception {
        JsonNode camel = json.readTree(get("/actuator/health", basic("operator", "operator")).body())
                .path("components").path("camelHealth");
        assertThat(camel.path("status").asText()).isEqualTo("UP");
        JsonNode details = camel.path("details");
        for (String route : new String[] {"project-approval-intake", "outbox-dispatch", "manual-intake"}) {
            assertThat(details.path("route:" + route).asText()).as("route check of %s", route).isEqualTo("UP");
            assertThat(details.path("consumer:" + route).asText()).as("consumer check of %s", route).isEqualTo("UP");
        }
        JsonNode anonymous = json.readTree(get("/actuator/health", null).body());
        assertThat(anonymous.path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as("components and details only for operators and auditors").isFalse();
    }

    @Test
    void aPlatformOutageShowsInTheSourcesGroupWithoutMarkingTheHubDown() throws Exception {
        sources.failure(SOURCE, "test outage: connection refused");
        try {
            var group = get("/actuator/health/sources", basic("operator", "operator"));
            assertThat(group.statusCode()).isEqualTo(503);
            JsonNode source = json.readTree(group.body()).path("components").path("platforms").path("components")
                    .path(SOURCE);
            assertThat(source.path("status").asText()).isEqualTo("DOWN");
            assertThat(source.path("details").path("lastError").asText()).contains("connection refused");

            for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
                var hub = get(path, null);
                assertThat(hub.statusCode()).as(path).isEqualTo(200);
                assertThat(json.readTree(hub.body()).path("status").asText()).as(path).isEqualTo("UP");
            }
            String scrape = get("/actuator/prometheus", null).body();
            assertThat(scrape).containsPattern("linkage_source_up\\{[^}]*source=\"project-approval\"[^}]*} 0\\.0");
        } finally {
            sources.success(SOURCE);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
