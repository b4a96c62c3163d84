package org.linkagehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The pull channel: a department reads its own deliveries, incrementally, and no one else's. */
class DepartmentFeedIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aDepartmentReadsItsFeedIncrementallyWithTheQueueMessage() throws Exception {
        String first = deliveryForSthj();
        JsonNode all = read("/api/v1/departments/STHJ/deliveries?size=500", "demo-sthj");
        assertThat(all.path("total").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode item = find(all, first);
        assertThat(item).isNotNull();
        assertThat(item.path("message").path("deliveryId").asText()).isEqualTo(first);
        assertThat(item.path("message").path("department").asText()).isEqualTo("STHJ");
        assertThat(item.path("message").path("documentNumber").asText()).startsWith("石审批环许");
        assertThat(item.path("delivery").path("routingVersion").asText()).isNotBlank();
        String next = all.path("next").asText();

        String second = deliveryForSthj();
        JsonNode after = read("/api/v1/departments/STHJ/deliveries?since=" + next, "demo-sthj");
        assertThat(ids(after)).contains(second).doesNotContain(first);
        JsonNode none = read("/api/v1/departments/STHJ/deliveries?since=" + after.path("next").asText(), "demo-sthj");
        assertThat(ids(none)).doesNotContain(second);

        assertThat(post("/api/v1/deliveries/" + first + "/receipt", bearer("demo-sthj"), "{\"status\":\"SIGNED\"}")
                .statusCode()).isEqualTo(200);
        JsonNode changed = read("/api/v1/departments/STHJ/deliveries?since=" + after.path("next").asText(), "demo-sthj");
        assertThat(ids(changed)).as("a status change comes back once").contains(first);
        JsonNode signed = read("/api/v1/departments/STHJ/deliveries?status=SIGNED&size=500", "demo-sthj");
        assertThat(ids(signed)).contains(first).doesNotContain(second);
    }

    @Test
    void anotherDepartmentIs403AndOperatorsAndAuditorsMayRead() {
        assertThat(get("/api/v1/departments/STHJ/deliveries", bearer("demo-zj")).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/departments/STHJ/deliveries", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/departments/STHJ/deliveries", basic("auditor", "auditor")).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/departments/STHJ/deliveries", basic("operator", "operator")).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/departments/STHJ/deliveries?since=garbage", bearer("demo-sthj")).statusCode())
                .isEqualTo(400);
    }

    private JsonNode read(String path, String token) throws Exception {
        var response = get(path, bearer(token));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode find(JsonNode page, String id) {
        for (JsonNode item : page.path("items")) {
            if (item.path("delivery").path("deliveryId").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode page) {
        return page.path("items").findValuesAsText("deliveryId").stream().distinct().toList();
    }

    /** A decision for matter 640200-SPJ-HB-0012 (排污许可, PRIMARY STHJ); its delivery id. */
    private String deliveryForSthj() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String doc = "石审批环许〔2026〕F" + id + "号";
        String body = """
                {"eventId":"EV-F-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-HB-0012","spsxmc":"排污许可",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""".formatted(id, doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'STHJ'""", String.class, doc).stream().findFirst()
                .orElse(null), v -> v != null);
    }
}
