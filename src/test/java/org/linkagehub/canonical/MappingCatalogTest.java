package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.LinkageProperties;

/**
 * Every mapping under {@code mappings/sources/} run over its samples in {@code mappings/samples/<source>/}:
 * {@code X.json} (or {@code X.xml} for an xml mapping, read as bytes) must map to {@code X.expected.json} (a
 * canonical decision) or to {@code X.reasons.json} (the quarantine reasons, also when the payload cannot be
 * read at all). Every canonical result must satisfy the published JSON Schema.
 */
class MappingCatalogTest {

    static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-21T10:15:30+08:00");
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .defaultTimeZone(java.util.TimeZone.getTimeZone("Asia/Shanghai"))
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();

    static ConfigFiles files(Path configDir) {
        return new ConfigFiles(new LinkageProperties(Path.of("data"), configDir,
                new LinkageProperties.Broker("127.0.0.1", 61616, "hub", null), new LinkageProperties.Postgres(0, null)));
    }

    final MappingEngine engine = new MappingEngine(JSON, new DecisionValidator());
    final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("mappings/schemas/decision.schema.json").toUri());

    @TestFactory
    Stream<DynamicTest> everySampleMapsToItsExpectedResult() throws IOException {
        MappingCatalog catalog = new MappingCatalog(files(null));
        assertThat(catalog.all()).containsKey("project-approval");
        List<DynamicTest> tests = new ArrayList<>();
        for (SourceMapping mapping : catalog.all().values()) {
            Path samples = Path.of("mappings/samples", mapping.name());
            try (Stream<Path> files = Files.list(samples)) {
                files.filter(p -> p.toString().endsWith("." + mapping.format())
                        && !p.toString().matches(".*\\.(expected|reasons)\\.json"))
                        .sorted().forEach(sample -> tests.add(DynamicTest.dynamicTest(
                                mapping.name() + "/" + sample.getFileName(), () -> check(mapping, sample))));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private void check(SourceMapping mapping, Path sample) throws IOException {
        String base = sample.toString().substring(0, sample.toString().length() - mapping.format().length() - 1);
        Path expected = Path.of(base + ".expected.json");
        Path reasons = Path.of(base + ".reasons.json");
        List<JsonNode> records;
        try {
            records = engine.records(mapping, Files.readAllBytes(sample));
        } catch (MalformedPayloadException e) {
            assertThat(Files.exists(reasons)).as("%s cannot be read: %s", sample, e.getMessage()).isTrue();
            JsonNode actualReasons = JSON.valueToTree(List.of(e.reason()));
            assertThat(actualReasons).as("reasons for %s", sample).isEqualTo(JSON.readTree(reasons.toFile()));
            return;
        }
        if (records.size() != 1) {
            checkMany(mapping, sample, records, expected);
            return;
        }
        MappingResult result = engine.map(mapping, records.get(0), RECEIVED);
        if (Files.exists(reasons)) {
            JsonNode actualReasons = JSON.valueToTree(result.reasons());
            assertThat(actualReasons).as("reasons for %s", sample).isEqualTo(JSON.readTree(reasons.toFile()));
            return;
        }
        assertThat(result.reasons()).as("reasons for %s", sample).isEmpty();
        JsonNode actual = JSON.valueToTree(result.decision());
        assertThat(Files.exists(expected)).as("%s is missing; the mapping produced:%n%s", expected,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual)).isTrue();
        assertThat(actual).isEqualTo(JSON.readTree(expected.toFile()));
        JsonNode withIdentity = JSON.valueToTree(result.decision().withIdentity(
                "0b8e3f52-6a4f-4a8e-9d3c-2f1e4b5a6c7d", "5c2d1e0f-3a4b-4c5d-8e9f-0a1b2c3d4e5f", 1));
        assertThat(schema.validate(withIdentity)).extracting(ValidationMessage::getMessage).isEmpty();
    }

    /**
     * A file of many records (csv): {@code X.expected.json} lists, record by record, the canonical decision or
     * {@code {"reasons": [...]}}; every decision must satisfy the published schema.
     */
    private void checkMany(SourceMapping mapping, Path sample, List<JsonNode> records, Path expected)
            throws IOException {
        List<JsonNode> actual = new ArrayList<>();
        for (JsonNode record : records) {
            MappingResult result = engine.map(mapping, record, RECEIVED);
            if (!result.reasons().isEmpty()) {
                actual.add(JSON.createObjectNode().set("reasons", JSON.valueToTree(result.reasons())));
                continue;
            }
            actual.add(JSON.valueToTree(result.decision()));
            JsonNode withIdentity = JSON.valueToTree(result.decision().withIdentity(
                    "0b8e3f52-6a4f-4a8e-9d3c-2f1e4b5a6c7d", "5c2d1e0f-3a4b-4c5d-8e9f-0a1b2c3d4e5f", 1));
            assertThat(schema.validate(withIdentity)).extracting(ValidationMessage::getMessage).isEmpty();
        }
        JsonNode all = JSON.valueToTree(actual);
        assertThat(records).as("records of %s", sample).isNotEmpty();
        assertThat(Files.exists(expected)).as("%s is missing; the mapping produced:%n%s", expected,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all)).isTrue();
        assertThat(all).isEqualTo(JSON.readTree(expected.toFile()));
    }

    @Test
    void aMappingOverriddenInTheConfigFolderReplacesThePackagedOne(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        String packaged = Files.readString(Path.of("mappings/sources/project-approval.yaml"));
        Files.writeString(sources.resolve("project-approval.yaml"), packaged.replace("version: 1", "version: 7"));
        assertThat(new MappingCatalog(files(config)).get("project-approval").version()).isEqualTo(7);
    }

    @Test
    void theMappingInForceComesWithItsNameVersionAndTheSha256OfItsFileAndAReloadReplacesBoth(@TempDir Path config)
            throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        MappingCatalog catalog = new MappingCatalog(files(config));
        byte[] packaged = Files.readAllBytes(Path.of("mappings/sources/project-approval.yaml"));
        MappingCatalog.InForce before = catalog.inForce("project-approval");
        assertThat(before.ref()).isEqualTo(new MappingRef("project-approval", 1, Json.sha256(packaged)));
        assertThat(before.ref().sha256()).isEqualTo(catalog.loaded().get("project-approval").sha256());

        byte[] fixed = new String(packaged, StandardCharsets.UTF_8).replace("version: 1", "version: 2")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(sources.resolve("project-approval.yaml"), fixed);
        catalog.reload();
        MappingCatalog.InForce after = catalog.inForce("project-approval");
        assertThat(after.ref()).isEqualTo(new MappingRef("project-approval", 2, Json.sha256(fixed)));
        assertThat(after.mapping().version()).isEqualTo(2);
        assertThat(before.mapping().version()).as("what an intake already holds stays as it was").isEqualTo(1);
        assertThatThrownBy(() -> catalog.inForce("nope")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mappings/sources/nope.yaml");
    }

    @Test
    void aBrokenMappingFailsWithItsFileAndLine(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        String packaged = Files.readString(Path.of("mappings/sources/project-approval.yaml"));
        Files.writeString(sources.resolve("project-approval.yaml"),
                packaged.replace("transform: date, description", "transform: datum, description"));
        assertThatThrownBy(() -> new MappingCatalog(files(config))).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("project-approval.yaml line 13")
                .hasMessageContaining("unknown transform 'datum'");
    }

    @Test
    void aSourceSystemIsAnyUpperCaseNameButNothingElse(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        String packaged = Files.readString(Path.of("mappings/sources/project-approval.yaml"));
        Files.writeString(sources.resolve("project-approval.yaml"),
                packaged.replace("source: PROJECT_APPROVAL", "source: NEW_PLATFORM_2"));
        assertThat(new MappingCatalog(files(config)).get("project-approval").source()).isEqualTo("NEW_PLATFORM_2");
        Files.writeString(sources.resolve("project-approval.yaml"),
                packaged.replace("source: PROJECT_APPROVAL", "source: project approval"));
        assertThatThrownBy(() -> new MappingCatalog(files(config))).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("project-approval.yaml line 5")
                .hasMessageContaining("source 'project approval' must be a source system's name");
    }

    @Test
    void aCountLineWithoutAGroupForTheCountFailsWithItsLine(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        String packaged = Files.readString(Path.of("mappings/sources/investment.yaml"));
        Files.writeString(sources.resolve("investment.yaml"), packaged.replace("'合计,(\\d+)条'", "'合计,\\d+条'"));
        assertThatThrownBy(() -> new MappingCatalog(files(config))).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("investment.yaml line").hasMessageContaining("countLine needs a group");
    }

    @Test
    void aYamlSyntaxErrorNamesFileLineAndColumn(@TempDir Path config) throws IOException {
        Path sources = Files.createDirectories(config.resolve("mappings/sources"));
        Files.writeString(sources.resolve("project-approval.yaml"), "name: project-approval\nfields: {a: [1, 2}\n");
        assertThatThrownBy(() -> new MappingCatalog(files(config))).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("project-approval.yaml line 2");
    }

    @Test
    void everyProblemOfARecordIsReportedNotJustTheFirst() throws IOException {
        SourceMapping mapping = new MappingCatalog(files(null)).get("project-approval");
        JsonNode record = JSON.readTree("""
                {"eventId":"E1","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","pfwh":"","pfrq":"20261131",
                 "jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0N"}""");
        MappingResult result = engine.map(mapping, record, RECEIVED);
        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).extracting(Reason::field, Reason::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("decisionDate", "date"),
                org.assertj.core.groups.Tuple.tuple("documentNumber", "missing"),
                org.assertj.core.groups.Tuple.tuple("subject.uscc", "uscc-checksum"));
    }

    @Test
    void anUnknownEventTypeIsAnUnknownCode() throws IOException {
        SourceMapping mapping = new MappingCatalog(files(null)).get("project-approval");
        JsonNode record = JSON.readTree("""
                {"eventId":"E2","eventType":"SUSPENDED","spsxbm":"640200-SPJ-ZJ-0008","pfwh":"石审批建许〔2026〕9号",
                 "pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""");
        assertThat(engine.map(mapping, record, RECEIVED).reasons()).singleElement()
                .satisfies(r -> {
                    assertThat(r.rule()).isEqualTo("unknown-code");
                    assertThat(r.value()).isEqualTo("SUSPENDED");
                });
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsSuch() throws IOException {
        SourceMapping mapping = new MappingCatalog(files(null)).get("project-approval");
        byte[] gbk = "{\"jsdw\":\"宁夏\"}".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThatThrownBy(() -> engine.records(mapping, gbk)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("body is not valid UTF-8");
    }
}
