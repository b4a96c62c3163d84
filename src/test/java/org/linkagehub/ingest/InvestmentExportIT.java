package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The fifth platform, connected with a route file, a mapping file and routing rows only (issue 15): its nightly
 * exports dropped into its inbox the way the platform writes them ({@code NAME.csv.part}, then renamed), read by the
 * route {@code investment-inbox} through {@code mappings/sources/investment.yaml}, and moved to {@code .done/} or
 * {@code .failed/} as OA files are. A same-name re-export brings corrections (new versions, not duplicates); a
 * cut-off file is refused whole, listed in the quarantine with its file name and the count mismatch, and taken once
 * it is sent again whole, which settles its quarantine entry (SUPERSEDED, naming the raw input that replaced it).
 */
class InvestmentExportIT extends HubIntegrationTest {

    static final Path INBOX = DATA_DIR.resolve("inbox/investment");
    static final Path SAMPLES = Path.of("mappings/samples/investment");

    @Autowired
    WebApplicationContext context;

    @Test
    void aNightsExportAndItsCorrectedReExportUnderTheSameName() throws Exception {
        Map<String, Object> first = dropAndWait("TZXM_20261201.csv", sample("TZXM_20261201.csv"));
        assertThat(first).containsEntry("outcome", "ACCEPTED");
        assertThat(done(first)).exists().hasBinaryContent(sample("TZXM_20261201.csv"));
        // (3-1号 is version 1 of its lineage, or version 2 when the other test's revocation 3-2号 came first)
        assertThat(jdbc.queryForList("""
                select document_number || ' ' || decision_type from decision
                where raw_input_id = ? order by document_number""", String.class, first.get("id"))).containsExactly(
                "石审批投核〔2026〕3-1号 CHANGE", "石审批投核〔2026〕7号 GRANT", "石审批投核〔2026〕8号 GRANT",
                "石审批投核〔2026〕9号 DENY");
        Map<String, Object> grant = decision("石审批投核〔2026〕7号", 1);
        assertThat(grant).containsEntry("source_system", "INVESTMENT")
                .containsEntry("source_record_id", "2612-640200-04-01-512345/石审批投核〔2026〕7号")
                .containsEntry("matter_code", "640200-SPJ-FG-0001").containsEntry("subject_uscc", "91640205MA7K8L9M0M");
        assertThat(decisionMapping("id = ?", grant.get("id"))).isEqualTo(packagedMapping("investment"));
        assertThat(jdbc.queryForList("select department || ':' || role from delivery where decision_id = ? "
                + "order by role desc", String.class, grant.get("id"))).containsExactly("FG:PRIMARY", "ZRZY:ASSIST");
        assertThat(receiveDocument("fg", "demo-fg", "linkage.dept.FG", "石审批投核〔2026〕7号").path("source")
                .path("system").asText()).isEqualTo("INVESTMENT");
        // a refusal is recorded, not routed
        assertThat(jdbc.queryForObject("select count(*) from delivery where decision_id = ?", Integer.class,
                decision("石审批投核〔2026〕9号", 1).get("id"))).isZero();

        Map<String, Object> again = dropAndWait("TZXM_20261201.csv", sample("TZXM_20261201-reexport-corrected.csv"));
        assertThat(again).containsEntry("outcome", "ACCEPTED");
        assertThat(done(again)).exists().hasBinaryContent(sample("TZXM_20261201-reexport-corrected.csv"));
        assertThat(done(first)).as("the first export stays beside it").exists();
        Map<String, Object> corrected = decision("石审批投核〔2026〕8号", 2);
        assertThat(corrected).containsEntry("subject_name", "石嘴山市沙湖建设投资有限公司")
                .containsEntry("lineage_id", decision("石审批投核〔2026〕8号", 1).get("lineage_id"))
                .containsEntry("raw_input_id", again.get("id"));
        assertThat(jdbc.queryForObject("select count(*) from decision where raw_input_id = ?", Integer.class,
                again.get("id"))).as("the unchanged records are duplicates").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from decision where document_number = ?", Integer.class,
                "石审批投核〔2026〕7号")).isEqualTo(1);
    }

    @Test
    void aCutOffFileIsRefusedWholeAndTakenWhenSentAgainWhole() throws Exception {
        Map<String, Object> cut = dropAndWait("TZXM_20261202.csv", sample("TZXM_20261202-cut-off.csv"));
        assertThat(cut).containsEntry("outcome", "MALFORMED");
        assertThat(jdbc.queryForObject("select count(*) from decision where raw_input_id = ?", Integer.class,
                cut.get("id"))).as("none of it is taken").isZero();
        assertThat(failed(cut)).exists().hasBinaryContent(sample("TZXM_20261202-cut-off.csv"));
        assertThat(reasonFile(cut)).content(StandardCharsets.UTF_8).contains("TZXM_20261202.csv")
                .contains("count-mismatch").contains("the count line says 3 records, the file holds 2");
        JsonNode listed = null;
        for (JsonNode item : new ObjectMapper().readTree(get("/api/v1/quarantine?source=investment",
                basic("operator", "operator")).body()).path("items")) {
            if (item.path("rawInputId").asLong() == ((Number) cut.get("id")).longValue()) {
                listed = item;
            }
        }
        assertThat(listed).as("GET /api/v1/quarantine lists the file").isNotNull();
        assertThat(listed.path("sourceRef").asText()).isEqualTo("TZXM_20261202.csv");
        assertThat(listed.path("reasons").get(0).path("rule").asText()).isEqualTo("count-mismatch");
        assertThat(listed.path("reasons").get(0).path("message").asText())
                .contains("the count line says 3 records, the file holds 2");

        Map<String, Object> whole = dropAndWait("TZXM_20261202.csv", sample("TZXM_20261202.csv"));
        assertThat(whole).containsEntry("outcome", "ACCEPTED");
        assertThat(done(whole)).exists();
        assertThat(jdbc.queryForList("select document_number from decision where raw_input_id = ? "
                + "order by document_number", String.class, whole.get("id"))).containsExactly(
                "石审批投核〔2026〕10号", "石审批投核〔2026〕11号", "石审批投核〔2026〕3-2号");

        // the refusal is settled by the whole file: no longer OPEN, and it names the raw input that replaced it
        JsonNode settled = new ObjectMapper().readTree(get("/api/v1/quarantine/" + listed.path("id").asLong(),
                basic("operator", "operator")).body());
        assertThat(settled.path("status").asText()).isEqualTo("SUPERSEDED");
        assertThat(settled.path("resolvedAt").isMissingNode()).isFalse();
        assertThat(settled.path("resolvedBy").asText()).isEqualTo("file-intake");
        assertThat(settled.path("replayedAs").path("supersededBy").asLong())
                .isEqualTo(((Number) whole.get("id")).longValue());
        assertThat(settled.path("replayedAs").path("status").asText()).isEqualTo("ACCEPTED");
        for (JsonNode item : new ObjectMapper().readTree(get("/api/v1/quarantine?status=OPEN&source=investment",
                basic("operator", "operator")).body()).path("items")) {
            assertThat(item.path("sourceRef").asText()).as("no open entry for the file").isNotEqualTo(
                    "TZXM_20261202.csv");
        }
        assertThat(post("/api/v1/quarantine/" + listed.path("id").asLong() + "/replay",
                basic("operator", "operator"), "").statusCode()).as("nothing left to replay").isEqualTo(409);
        MockMvc console = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        assertThat(console.perform(MockMvcRequestBuilders.get("/console/quarantine/" + listed.path("id").asLong())
                .with(user("operator").roles("OPERATOR"))).andReturn().getResponse().getContentAsString())
                .contains("SUPERSEDED").contains("已由重新完整发送的同名文件取代")
                .doesNotContain("id=\"replay\"");
    }

    @Test
    void theFolderIsASourceInTheHealthGroupAndTheMetricsFromStartUp() throws Exception {
        JsonNode source = new ObjectMapper().readTree(get("/actuator/health/sources", basic("operator", "operator"))
                .body()).path("components").path("platforms").path("components").path("investment");
        assertThat(source.path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus", null).body())
                .containsPattern("linkage_source_enabled\\{[^}]*source=\"investment\"[^}]*} 1\\.0");
    }

    @Test
    void aFileStillBeingWrittenIsLeftAlone() throws Exception {
        Files.createDirectories(INBOX);
        Path part = INBOX.resolve("TZXM_20261203.csv.part");
        Files.write(part, sample("TZXM_20261203-no-count-line.csv"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(part) && rawCount("TZXM_20261203.csv.part") == 0);
        Files.delete(part);
    }

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(SAMPLES.resolve(name));
    }

    /** Writes the file as the platform does (NAME.part, then a rename) and waits until the hub has moved it. */
    private Map<String, Object> dropAndWait(String name, byte[] content) throws IOException {
        Files.createDirectories(INBOX);
        int before = rawCount(name);
        Path part = INBOX.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, INBOX.resolve(name));
        await().atMost(Duration.ofSeconds(30)).until(() -> rawCount(name) > before
                && !Files.exists(INBOX.resolve(name)));
        return jdbc.queryForMap("""
                select id, source_ref, outcome from raw_input where source = 'investment' and source_ref = ?
                order by id desc limit 1""", name);
    }

    private int rawCount(String name) {
        return jdbc.queryForObject("select count(*) from raw_input where source = 'investment' and source_ref = ? "
                + "and outcome <> 'RECEIVED'", Integer.class, name);
    }

    private Map<String, Object> decision(String documentNumber, int version) {
        return jdbc.queryForMap("select * from decision where document_number = ? and version = ?", documentNumber,
                version);
    }

    private static Path done(Map<String, Object> raw) {
        return INBOX.resolve(".done/" + raw.get("id") + "-" + raw.get("source_ref"));
    }

    private static Path failed(Map<String, Object> raw) {
        return INBOX.resolve(".failed/" + raw.get("id") + "-" + raw.get("source_ref"));
    }

    private static Path reasonFile(Map<String, Object> raw) {
        return INBOX.resolve(".failed/" + raw.get("id") + "-" + raw.get("source_ref") + ".reason.txt");
    }
}
