package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.canonical.MappingRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

/**
 * Mappings over HTTP: the dry run (the same answer as the command line, nothing stored), and a mapping fix put in
 * force by an operator's reload, after which a record quarantined under the old mapping is replayed into a decision;
 * the quarantine entry keeps naming the old mapping, the decision names the new one.
 */
class MappingTestIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    private final Path override = DATA_DIR.resolve("config/mappings/sources/project-approval.yaml");

    @AfterEach
    void backToThePackagedMappings() throws Exception {
        Files.deleteIfExists(override);
        assertThat(post("/api/v1/mappings/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
    }

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

    @Test
    void aMappingFixIsReloadedWithoutARestartAndTheQuarantinedEventReplaysIntoADecision() throws Exception {
        String eventId = "EV-M-" + UUID.randomUUID();
        String document = "石审批建许〔2026〕M" + eventId.substring(5, 13) + "号";
        String event = """
                {"eventId":"%s","eventType":"RENEWED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(eventId, document);
        assertThat(postSigned(event).statusCode()).isEqualTo(200);
        long id = jdbc.queryForObject("select id from quarantine where source_ref = ? and status = 'OPEN'", Long.class,
                eventId);
        assertThat(jdbc.queryForObject("select reasons->0->>'rule' from quarantine where id = ?", String.class, id))
                .as("the platform's new event type is in no code list yet").isEqualTo("unknown-code");
        MappingRef refusedBy = packagedMapping("project-approval");
        assertThat(refusedBy.version()).isEqualTo(1);
        assertThat(quarantineMapping(id)).as("the quarantine entry names the mapping that refused it")
                .isEqualTo(refusedBy);

        String packaged = new ClassPathResource("mappings/sources/project-approval.yaml")
                .getContentAsString(StandardCharsets.UTF_8);
        Files.createDirectories(override.getParent());
        Files.writeString(override, packaged.replace("version: 1", "version: 2")
                .replace("decisionType:          {path: eventType, codes: eventType}",
                        "decisionType:          {path: eventType, codes: eventType, transform: nonsense}"));
        var refused = post("/api/v1/mappings/reload", basic("operator", "operator"), "");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).path("message").asText()).contains(override.toString())
                .contains("line 12").contains("nonsense");
        assertThat(mappingInForce().path("version").asInt()).as("the mapping in force stays").isEqualTo(1);

        Files.writeString(override, packaged.replace("version: 1", "version: 2")
                .replace("    REVOKED: REVOKE", "    REVOKED: REVOKE\n    RENEWED: RENEW"));
        MappingRef fixed = new MappingRef("project-approval", 2, sha256(Files.readAllBytes(override)));
        assertThat(post("/api/v1/mappings/reload", basic("auditor", "auditor"), "").statusCode()).isEqualTo(403);
        var reloaded = post("/api/v1/mappings/reload", basic("operator", "operator"), "");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(mappingInForce().path("version").asInt()).isEqualTo(2);
        assertThat(mappingInForce().path("file").asText()).isEqualTo(override.toString());
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_log where action = 'mappings.reload' and actor = 'operator'
                and after->'project-approval'->>'version' = '2'""", Integer.class)).isOne();

        var replay = post("/api/v1/quarantine/" + id + "/replay", basic("operator", "operator"), "");
        assertThat(replay.statusCode()).isEqualTo(200);
        JsonNode replayed = json.readTree(replay.body());
        assertThat(replayed.path("replayedAs").path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(json.treeToValue(replayed.path("replayedAs").path("mapping"), MappingRef.class))
                .as("the replay names the mapping in force at the replay").isEqualTo(fixed);
        assertThat(json.treeToValue(replayed.path("mapping"), MappingRef.class))
                .as("the entry keeps the mapping that refused it").isEqualTo(refusedBy);
        assertThat(quarantineMapping(id)).isEqualTo(refusedBy);

        JsonNode found = json.readTree(get("/api/v1/decisions?documentNumber="
                + URLEncoder.encode(document, StandardCharsets.UTF_8), basic("auditor", "auditor")).body());
        assertThat(found.path("total").asInt()).isOne();
        JsonNode decision = found.path("items").get(0);
        assertThat(decision.path("decisionType").asText()).isEqualTo("RENEW");
        assertThat(json.treeToValue(decision.path("mapping"), MappingRef.class))
                .as("the replayed decision names the fixed mapping").isEqualTo(fixed);
        assertThat(jdbc.queryForObject("select payload->'mapping' is not null from decision where document_number = ?",
                Boolean.class, document)).as("not in the canonical decision departments receive").isFalse();
    }

    /** The mapping a quarantine entry names, as GET /api/v1/quarantine and /{id} show it. */
    private MappingRef quarantineMapping(long id) throws Exception {
        JsonNode detail = json.readTree(get("/api/v1/quarantine/" + id, basic("auditor", "auditor")).body());
        JsonNode listed = null;
        for (JsonNode item : json.readTree(get("/api/v1/quarantine?source=project-approval&size=200",
                basic("auditor", "auditor")).body()).path("items")) {
            if (item.path("id").asLong() == id) {
                listed = item;
            }
        }
        assertThat(listed).as("quarantine " + id + " listed").isNotNull();
        assertThat(listed.path("mapping")).isEqualTo(detail.path("mapping"));
        return json.treeToValue(detail.path("mapping"), MappingRef.class);
    }

    private JsonNode mappingInForce() throws Exception {
        return json.readTree(get("/api/v1/mappings", basic("auditor", "auditor")).body()).path("project-approval");
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
