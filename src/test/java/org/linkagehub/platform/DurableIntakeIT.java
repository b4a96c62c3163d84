package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

/**
 * The embedded defaults are durable and say so, and intake closes below the disk floor and opens by itself: over
 * real HTTP, against the shared hub's real PostgreSQL and broker.
 */
class DurableIntakeIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Autowired
    IntakeGate gate;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    EmbeddedPostgresConfiguration.EmbeddedPostgresWatch watch;

    @Test
    void theDatabaseComponentShowsFsyncAndSynchronousCommitAsTheServerReportsThem() throws Exception {
        JsonNode db = json.readTree(get("/actuator/health", basic("auditor", "auditor")).body())
                .path("components").path("db");
        assertThat(db.path("status").asText()).isEqualTo("UP");
        assertThat(db.path("details").path("fsync").asText()).isEqualTo("on");
        assertThat(db.path("details").path("synchronous_commit").asText()).isEqualTo("on");
        assertThat(db.path("details").path("durable").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("show full_page_writes", String.class)).isEqualTo("on");

        Configuration journal = broker.getActiveMQServer().getConfiguration();
        assertThat(journal.isJournalSyncTransactional()).isTrue();
        assertThat(journal.isJournalSyncNonTransactional()).isTrue();
        assertThat(journal.isJournalDatasync()).isTrue();
    }

    @Test
    void aWatchdogProcessStandsByToStopTheEmbeddedServerIfTheJvmDies() {
        assertThat(watch.watchdog()).as("a watchdog beside the JVM").isPresent();
        assertThat(watch.watchdog().get().isAlive()).isTrue();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .contains(watch.watchdog().get().pid());
    }

    @Test
    void belowTheDiskFloorIntakeAnswers503SaysWhyInHealthAndResumesBySelf() throws Exception {
        String event = """
                {"eventId":"EV-FLOOR-1","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"石审批建许〔2026〕F1号","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""";
        DataSize floor = gate.minFreeDisk();
        long rawBefore = rawInputs();
        gate.minFreeDisk(DataSize.ofBytes(gate.usableBytes() + DataSize.ofGigabytes(1000).toBytes()));
        try {
            HttpResponse<String> refused = postSigned(event);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json.readTree(refused.body()).path("msg").asText()).contains("linkage.intake.min-free-disk");
            assertThat(rawInputs()).as("nothing taken: the platform keeps it and retries").isEqualTo(rawBefore);
            // a department's receipt is input too
            assertThat(post("/api/v1/deliveries/00000000-0000-0000-0000-000000000000/receipt", bearer("demo-zj"),
                    "{\"status\":\"SIGNED\"}").statusCode()).isEqualTo(503);

            HttpResponse<String> readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode intake = json.readTree(get("/actuator/health", basic("operator", "operator")).body())
                    .path("components").path("intake");
            assertThat(intake.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(intake.path("details").path("reason").asText()).contains("below linkage.intake.min-free-disk");
            // reads are not intake
            assertThat(get("/api/v1/decisions?documentNumber=x", basic("operator", "operator")).statusCode())
                    .isEqualTo(200);
        } finally {
            gate.minFreeDisk(floor);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> postSigned(event).statusCode() == 200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/actuator/health", basic("operator", "operator")).body())
                .path("components").path("intake").path("status").asText()).isEqualTo("UP");
    }

    private long rawInputs() {
        Long n = jdbc.queryForObject("select count(*) from raw_input", Long.class);
        return n == null ? 0 : n;
    }
}
