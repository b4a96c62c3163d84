package org.linkagehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping dry run from the command line, over the packaged samples, with no Spring context at all. */
class MappingTestCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ObjectMapper json = new ObjectMapper();

    int run(String... args) {
        return MappingTestCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    List<JsonNode> reports() throws IOException {
        return json.readerFor(JsonNode.class).<JsonNode>readValues(out.toString(StandardCharsets.UTF_8)).readAll();
    }

    @Test
    void cleanSamplesPrintTheirDecisionsAndDepartmentsAndExitZero() throws IOException {
        assertThat(run("project-approval", "mappings/samples/project-approval/event-approved.json",
                "mappings/samples/project-approval/event-changed.json")).isZero();
        List<JsonNode> reports = reports();
        assertThat(reports).hasSize(2);
        JsonNode record = reports.get(0).path("result").path("records").get(0);
        assertThat(record.path("status").asText()).isEqualTo("VALID");
        assertThat(record.path("decision").path("documentNumber").asText()).isEqualTo("石审批建许〔2026〕56号");
        assertThat(record.path("routes").findValuesAsText("department")).containsExactly("ZJ", "YJ");
        assertThat(record.path("routes").findValuesAsText("role")).containsExactly("PRIMARY", "ASSIST");
    }

    @Test
    void aBadSampleShowsEveryReasonAndExitsOne() throws IOException {
        assertThat(run("project-approval", "mappings/samples/project-approval/event-approved.json",
                "mappings/samples/project-approval/broken-uscc-check-character.json")).isEqualTo(1);
        JsonNode bad = reports().get(1).path("result");
        assertThat(bad.path("clean").asBoolean()).isFalse();
        JsonNode reason = bad.path("records").get(0).path("reasons").get(0);
        assertThat(reason.path("field").asText()).isEqualTo("subject.uscc");
        assertThat(reason.path("rule").asText()).isEqualTo("uscc-checksum");
        assertThat(reason.path("value").asText()).isNotEmpty();
        assertThat(reason.path("message").asText()).isNotEmpty();
    }

    @Test
    void unreadableSamplesAndUnknownMappingsAreNotClean(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("x.json"), "{\"eventId\":");
        assertThat(run("project-approval", notJson.toString())).isEqualTo(1);
        assertThat(reports().get(0).path("result").path("errors").get(0).path("rule").asText()).isEqualTo("malformed");
        assertThat(run("project-approval", dir.resolve("absent.json").toString())).isEqualTo(1);
        assertThat(run("no-such-mapping", notJson.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no mapping 'no-such-mapping'");
        assertThat(run("project-approval")).isEqualTo(2);
    }

    @Test
    void anOperatorsMappingAndRoutingInTheConfigFolderAreUsed(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        Files.writeString(sources.resolve("project-approval.yaml"), Files.readString(
                Path.of("mappings/sources/project-approval.yaml")).replace("version: 1", "version: 9"));
        Path routing = Files.createDirectories(config.resolve("mappings/routing"));
        Files.writeString(routing.resolve("matters.yaml"), Files.readString(Path.of("mappings/routing/matters.yaml"))
                .replaceAll("(?m)^.*640200-SPJ-ZJ-0008.*$", ""));
        assertThat(run("project-approval", "mappings/samples/project-approval/event-approved.json",
                "--linkage.config-dir=" + config)).isEqualTo(1);
        JsonNode result = reports().get(0).path("result");
        assertThat(result.path("version").asInt()).isEqualTo(9);
        assertThat(result.path("records").get(0).path("reasons").get(0).path("rule").asText()).isEqualTo("no-route");
    }

    @Test
    void aNightlyCsvExportShowsEachRecordWithItsDepartmentsAndACutOffOneIsNotClean() throws IOException {
        assertThat(run("investment", "mappings/samples/investment/TZXM_20261201.csv",
                "mappings/samples/investment/TZXM_20261202-cut-off.csv")).isEqualTo(1);
        List<JsonNode> reports = reports();
        JsonNode day = reports.get(0).path("result");
        assertThat(day.path("clean").asBoolean()).isTrue();
        assertThat(day.path("records")).hasSize(4);
        JsonNode grant = day.path("records").get(0);
        assertThat(grant.path("recordId").asText()).isEqualTo("2612-640200-04-01-512345/石审批投核〔2026〕7号");
        assertThat(grant.path("decision").path("source").path("system").asText()).isEqualTo("INVESTMENT");
        assertThat(grant.path("routes").findValuesAsText("department")).containsExactly("FG", "ZRZY");
        JsonNode cut = reports.get(1).path("result");
        assertThat(cut.path("clean").asBoolean()).isFalse();
        assertThat(cut.path("errors").get(0).path("rule").asText()).isEqualTo("count-mismatch");
    }

    @Test
    void aCsvRowSampleMapsLikeAnUploadedRow() throws IOException {
        assertThat(run("manual-csv", "mappings/samples/manual-csv/row-grant-organisation.json")).isZero();
        assertThat(reports().get(0).path("result").path("records").get(0).path("routes").findValuesAsText("department"))
                .containsExactly("SCJG");
    }
}
