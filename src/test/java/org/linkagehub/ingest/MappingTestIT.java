package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The mapping dry run over HTTP: the same answer as the command line, and nothing stored. */
class MappingTestIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aSampleIsMappedAndRoutedWithoutChangingAnyState() throws Exception {
        long raw = count("raw_input");
        long decisions = count("decision");
        long quarantined = count("quarantine");
        String sample = Files.readString(Path.of("mappings/samples/project-approval/event-approved.json"));
        var response = post("/api/v1/mappings/project-approval/test", basic("operator", "operator"), sample);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.path("clean").asBoolean()).isTrue();
        assertThat(result.path("records").get(0).path("decision").path("decisionType").asText()).isEqualTo("GRANT");
        assertThat(result.path("records").get(0).path("routes").findValuesAsText("department")).containsExactly("ZJ", "YJ");

        var broken = post("/api/v1/mappings/project-approval/test", basic("operator", "operator"),
                Files.readString(Path.of("mappings/samples/project-approval/broken-uscc-check-character.json")));
        assertThat(json.readTree(broken.body()).path("records").get(0).path("reasons").findValuesAsText("rule"))
                .containsExactly("uscc-checksum");
        assertThat(count("raw_input")).isEqualTo(raw);
        assertThat(count("decision")).isEqualTo(decisions);
        assertThat(count("quarantine")).isEqualTo(quarantined);
    }

    @Test
    void anUnknownMappingIs404AndOnlyOperatorsMayTest() {
        assertThat(post("/api/v1/mappings/nope/test", basic("operator", "operator"), "{}").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/mappings/project-approval/test", basic("auditor", "auditor"), "{}").statusCode())
                .isEqualTo(403);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
