package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhook's thin path (issue #17 item 6): a plain servlet, not observed, that answers as the MVC handler did — the
 * same statuses and fields, as JSON with its length — and is described in the HTTP API as before.
 */
class WebhookThinPathIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void theAnswerIsTheSameThreeFieldsWithItsLength() throws Exception {
        String doc = "石审批建许〔2026〕" + ProjectApprovalFlowIT.unique("T") + "号";
        HttpResponse<String> response = postSigned(ProjectApprovalFlowIT.event(ProjectApprovalFlowIT.unique("EV"),
                "APPROVED", doc, null, "640200-SPJ-ZJ-0008", "91640205MA7K8L9M0M"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.headers().firstValue("Content-Length")).as("not chunked").isPresent();
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("code").asInt()).isZero();
        assertThat(answer.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForObject("select decision_id is not null from raw_input where id = ?", Boolean.class,
                answer.path("rawInputId").asLong())).isTrue();

        HttpResponse<String> unsigned = postSigned("{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8), null, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        JsonNode refused = json.readTree(unsigned.body());
        assertThat(refused.path("code").asInt()).isEqualTo(401);
        assertThat(refused.path("msg").asText()).isNotBlank();
        assertThat(refused.path("rawInputId").asLong()).isPositive();

        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/ingest/project-approval")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void theWebhookIsNotObservedAndStillDescribed() throws Exception {
        postSigned("{\"eventId\":\"x\"}");
        JsonNode post = json.readTree(get("/v3/api-docs", null).body()).path("paths").path("/ingest/project-approval")
                .path("post");
        assertThat(post.path("tags").get(0).asText()).isEqualTo("Ingest");
        assertThat(post.path("summary").asText()).isEqualTo("An approval event from the project-approval platform");
        assertThat(post.path("description").asText()).contains("X-Gcjs-Signature");
        assertThat(post.path("responses").has("200")).isTrue();

        // the API description's request was observed, the webhook's were not
        String scrape = await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/prometheus", null).body(),
                body -> body.contains("uri=\"/v3/api-docs\""));
        assertThat(scrape).doesNotContain("uri=\"/ingest/project-approval\"");
    }
}
