package org.linkagehub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

/**
 * The routing table changes without a restart: an edited file in the operator's config folder is picked up, a
 * broken one is refused with file and line while the table in force stays, and an operator's reload is audited.
 */
class RoutingReloadIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    private final Path override = DATA_DIR.resolve("config/mappings/routing/matters.yaml");

    @AfterEach
    void backToThePackagedTable() throws Exception {
        Files.deleteIfExists(override);
        assertThat(post("/api/v1/routing/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
    }

    @Test
    void anEditedFileIsPickedUpABrokenOneRefusedAndTheReloadAudited() throws Exception {
        String packaged = new ClassPathResource("mappings/routing/matters.yaml").getContentAsString(StandardCharsets.UTF_8);
        String before = version();
        Files.createDirectories(override.getParent());
        Files.writeString(override, packaged.replace("version: " + before, "version: it-edited"));
        await().atMost(Duration.ofSeconds(10)).until(this::version, "it-edited"::equals);
        assertThat(jdbc.queryForObject("select loaded_by from routing_table_load where file = 'routing/matters.yaml' "
                + "and version = 'it-edited' order by id desc limit 1", String.class)).isEqualTo("file-watch");

        Files.writeString(override, packaged.replace("version: " + before, "version: it-broken")
                .replace("primary: JT,", "primary: XX,"));
        String error = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "select error from routing_table_load where status = 'REFUSED' and sha256 = ? ", String.class,
                org.linkagehub.platform.Json.sha256(Files.readAllBytes(override))).stream().findFirst().orElse(null),
                e -> e != null);
        assertThat(error).contains(override.toString()).contains("line ").contains("'XX'");
        assertThat(version()).isEqualTo("it-edited");

        var refused = post("/api/v1/routing/reload", basic("operator", "operator"), "");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).path("message").asText()).contains("line ");
        assertThat(post("/api/v1/routing/reload", basic("auditor", "auditor"), "").statusCode()).isEqualTo(403);

        Files.delete(override);
        var reloaded = post("/api/v1/routing/reload", basic("operator", "operator"), "");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(json.readTree(reloaded.body()).path("matters").asText()).isEqualTo(before);
        // the file watch may see the deletion before the operator does: either one audits the change back
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'routing.reload' "
                + "and before->>'matters' = 'it-edited' and after->>'matters' = ?", Integer.class, before)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'routing.reload' "
                + "and actor = 'operator'", Integer.class)).isPositive();
    }

    /**
     * The quarantine's promise after a routing fix: a decision quarantined because no memorandum named its matter
     * is replayed from its raw bytes once the table names it, and reaches the department the new rule names.
     */
    @Test
    void aDecisionWithNoRouteIsDeliveredByAReplayAfterTheTableNamesItsMatter() throws Exception {
        String eventId = "EV-R-" + java.util.UUID.randomUUID();
        String body = """
                {"eventId":"%s","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0999","spsxmc":"新增事项",\
                "pfwh":"石审批建许〔2026〕R1号","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(eventId);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        long id = jdbc.queryForObject("select id from quarantine where source_ref = ? and status = 'OPEN'", Long.class,
                eventId);
        assertThat(jdbc.queryForObject("select reasons->0->>'rule' from quarantine where id = ?", String.class, id))
                .isEqualTo("no-route");

        String packaged = new ClassPathResource("mappings/routing/matters.yaml").getContentAsString(StandardCharsets.UTF_8);
        Files.createDirectories(override.getParent());
        Files.writeString(override, packaged.replace("version: " + version(), "version: it-new-matter")
                .replace("matters:\n", "matters:\n  - {code: 640200-SPJ-ZJ-0999, name: 新增事项, primary: ZJ, memo: 石审管备〔2026〕1号}\n"));
        assertThat(post("/api/v1/routing/reload", basic("operator", "operator"), "").statusCode()).isEqualTo(200);
        assertThat(version()).isEqualTo("it-new-matter");

        var replay = post("/api/v1/quarantine/" + id + "/replay", basic("operator", "operator"), "");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).path("replayedAs").path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForList("""
                select d.department || ' ' || d.routing_version from delivery d join decision c on c.id = d.decision_id
                where c.document_number = '石审批建许〔2026〕R1号'""", String.class)).containsExactly("ZJ it-new-matter");
    }

    @Test
    void deliveriesNameTheRuleAndTheTableVersion() throws Exception {
        String body = """
                {"eventId":"EV-V-1","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","spsxmc":"建筑工程施工许可证核发",\
                "pfwh":"石审批建许〔2026〕V1号","pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""";
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        var row = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.routing_rule, d.routing_version from delivery d join decision c on c.id = d.decision_id
                where c.document_number = '石审批建许〔2026〕V1号' and d.department = 'ZJ'"""), r -> r.size() == 1).get(0);
        assertThat(row.get("routing_rule")).isEqualTo("640200-SPJ-ZJ-0008 石审管备〔2020〕5号");
        assertThat(row.get("routing_version")).isEqualTo(version());
        assertThat(jdbc.queryForObject("select count(*) from routing_table_load where version = ? and status = 'LOADED'",
                Integer.class, version())).isPositive();
    }

    private String version() throws Exception {
        return json.readTree(get("/api/v1/routing", basic("auditor", "auditor")).body()).path("versions").path("matters")
                .asText();
    }
}
