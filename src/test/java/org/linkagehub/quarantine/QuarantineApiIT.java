package org.linkagehub.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.beans.factory.annotation.Autowired;

/** Quarantine as operators use it: newest first with every reason, the raw payload, audited replay. */
class QuarantineApiIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aQuarantinedEventIsListedWithItsReasonAndRawPayloadAndCanBeReplayed() throws Exception {
        String eventId = "EV-Q-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","eventType":"APPROVED","spsxbm":"640200-SPJ-XX-0001","spsxmc":"未列入备忘录的事项",\
                "pfwh":"石审批建许〔2026〕Q1号","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(eventId);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);

        JsonNode page = json.readTree(get("/api/v1/quarantine?status=OPEN&size=5", basic("auditor", "auditor")).body());
        assertThat(page.path("total").asInt()).isPositive();
        JsonNode newest = page.path("items").get(0);
        assertThat(newest.path("sourceRef").asText()).isEqualTo(eventId);
        assertThat(newest.path("source").asText()).isEqualTo("project-approval");
        assertThat(newest.path("reasons").get(0).path("rule").asText()).isEqualTo("no-route");
        assertThat(json.treeToValue(newest.path("mapping"), MappingRef.class))
                .as("the routing table refused what this mapping made of it")
                .isEqualTo(packagedMapping("project-approval"));
        long id = newest.path("id").asLong();

        JsonNode detail = json.readTree(get("/api/v1/quarantine/" + id, basic("operator", "operator")).body());
        assertThat(detail.path("raw").path("text").asText()).isEqualTo(body);
        assertThat(detail.path("raw").path("sha256").asText()).hasSize(64);
        assertThat(detail.path("mapping")).isEqualTo(newest.path("mapping"));

        assertThat(post("/api/v1/quarantine/" + id + "/replay", basic("auditor", "auditor"), "").statusCode())
                .as("auditors read, operators act").isEqualTo(403);
        var replay = post("/api/v1/quarantine/" + id + "/replay", basic("operator", "operator"), "");
        assertThat(replay.statusCode()).isEqualTo(200);
        JsonNode replayed = json.readTree(replay.body());
        assertThat(replayed.path("status").asText()).isEqualTo("REPLAYED");
        assertThat(replayed.path("resolvedBy").asText()).isEqualTo("operator");
        assertThat(replayed.path("replayedAs").path("status").asText())
                .as("the matter is still in no memorandum").isEqualTo("QUARANTINED");
        assertThat(jdbc.queryForObject("select count(*) from quarantine where source_ref = ? and status = 'OPEN'",
                Integer.class, eventId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select actor from audit_log where target = ?", String.class,
                "quarantine/" + id)).isEqualTo("operator");
        assertThat(post("/api/v1/quarantine/" + id + "/replay", basic("operator", "operator"), "").statusCode())
                .isEqualTo(409);
    }

    @Test
    void aRequestRefusedAtTheDoorCannotBeReplayed() throws Exception {
        byte[] body = "{\"eventId\":\"EV-FORGED\"}".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(System.currentTimeMillis());
        var refused = postSigned(body, ts, WebhookSignature.sign("forger", ts, body));
        long rawId = json.readTree(refused.body()).path("rawInputId").asLong();
        long id = jdbc.queryForObject("select id from quarantine where raw_input_id = ?", Long.class, rawId);
        assertThat(json.readTree(get("/api/v1/quarantine/" + id, basic("auditor", "auditor")).body()).has("mapping"))
                .as("refused at the door, before any mapping read it").isFalse();
        var replay = post("/api/v1/quarantine/" + id + "/replay", basic("operator", "operator"), "");
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("must send it again");
    }

    @Test
    void aKnownBadCodeIsReleasedWithAnAuditedReasonAndAcceptedFromThenOn() throws Exception {
        String badUscc = "91640221MA76Y9Q8R8";
        String eventId = "EV-REL-" + UUID.randomUUID();
        String template = """
                {"eventId":"%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"石审批建许〔2026〕%s号","pfrq":"20261121","jsdw":"石嘴山市康宁置业有限公司","jsdwdm":"%s"}""";
        assertThat(postSigned(template.formatted(eventId, eventId, badUscc)).statusCode()).isEqualTo(200);
        long id = jdbc.queryForObject("select id from quarantine where source_ref = ?", Long.class, eventId);
        assertThat(jdbc.queryForObject("select reasons->0->>'rule' from quarantine where id = ?", String.class, id))
                .isEqualTo("uscc-checksum");

        String path = "/api/v1/quarantine/" + id + "/release";
        assertThat(post(path, basic("operator", "operator"), "{}").statusCode()).as("a reason is required").isEqualTo(400);
        assertThat(post(path, basic("auditor", "auditor"), "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        var released = post(path, basic("operator", "operator"),
                "{\"reason\":\"市场监管局函复：该代码按登记簿原样核发\"}");
        assertThat(released.statusCode()).isEqualTo(200);
        JsonNode item = json.readTree(released.body());
        assertThat(item.path("status").asText()).isEqualTo("RELEASED");
        assertThat(item.path("replayedAs").path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForObject("select created_by from code_exception where field = 'subject.uscc' and value = ?",
                String.class, badUscc)).isEqualTo("operator");
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'quarantine.release' and target = ?",
                Integer.class, "quarantine/" + id)).isEqualTo(1);

        String next = "EV-REL-" + UUID.randomUUID();
        assertThat(postSigned(template.formatted(next, next, badUscc)).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from decision where source_record_id = ?", Integer.class, next))
                .as("the excused code is accepted from then on").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from quarantine where source_ref = ?", Integer.class, next))
                .isZero();
    }

    @Test
    void onlyChecksumFailuresCanBeReleased() throws Exception {
        String eventId = "EV-NOREL-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","eventType":"APPROVED","spsxbm":"640200-SPJ-XX-0001","spsxmc":"未列入备忘录的事项",\
                "pfwh":"石审批建许〔2026〕NR1号","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(eventId);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        long id = jdbc.queryForObject("select id from quarantine where source_ref = ?", Long.class, eventId);
        var refused = post("/api/v1/quarantine/" + id + "/release", basic("operator", "operator"), "{\"reason\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("matter.code no-route");
    }
}
