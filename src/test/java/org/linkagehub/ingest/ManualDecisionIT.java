package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.canonical.MappingRef;
import org.springframework.beans.factory.annotation.Autowired;

/** A paper decision entered by an operator goes the platforms' way: validated, deduplicated, routed. */
class ManualDecisionIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aPaperDecisionIsNormalisedRoutedAndRecognisedWhenEnteredTwice() throws Exception {
        String doc = "石审批许〔2026〕M" + UUID.randomUUID().toString().substring(0, 8) + "号";
        String body = Files.readString(Path.of("mappings/samples/manual/paper-grant-person.json"))
                .replace("石审批许〔2026〕130号", doc);
        var created = post("/api/v1/decisions/manual", basic("operator", "operator"), body);
        assertThat(created.statusCode()).isEqualTo(201);
        var again = post("/api/v1/decisions/manual", basic("operator", "operator"), body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("outcome").asText()).isEqualTo("DUPLICATE");

        JsonNode found = json.readTree(get("/api/v1/decisions?documentNumber="
                + java.net.URLEncoder.encode(doc, java.nio.charset.StandardCharsets.UTF_8), basic("operator", "operator"))
                .body());
        assertThat(found.path("total").asInt()).isEqualTo(1);
        JsonNode decision = found.path("items").get(0);
        assertThat(decision.path("source").path("system").asText()).isEqualTo("MANUAL");
        assertThat(decision.path("subject").path("idNumber").asText()).isEqualTo("640202198503120012");
        assertThat(decision.path("deliveries").get(0).path("department").asText()).isEqualTo("WJ");
        assertThat(json.treeToValue(decision.path("mapping"), MappingRef.class))
                .as("a paper decision is validated by mappings/sources/manual.yaml and names it")
                .isEqualTo(packagedMapping("manual"));
    }

    @Test
    void anInvalidPaperDecisionIsA422WithEveryReason() throws Exception {
        var response = post("/api/v1/decisions/manual", basic("operator", "operator"), """
                {"documentNumber":"石审批许〔2026〕M-bad号","decisionType":"GRANT","decisionDate":"2026-02-30",
                 "matter":{"code":"640200-SPJ-WJ-0107"},"subject":{"category":"PERSON","name":"某某","idNumber":"640202198503120013"}}""");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).path("reasons").findValuesAsText("rule"))
                .containsExactlyInAnyOrder("date", "id-number");
        assertThat(response.body()).doesNotContain("640202198503120013");
    }

    @Test
    void onlyOperatorsMayEnterDecisions() {
        assertThat(post("/api/v1/decisions/manual", basic("auditor", "auditor"), "{}").statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/decisions/manual", bearer("demo-wj"), "{}").statusCode()).isEqualTo(403);
    }
}
