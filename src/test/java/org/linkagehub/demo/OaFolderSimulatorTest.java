package org.linkagehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.linkagehub.canonical.DecisionValidator;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.ingest.OaProperties;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;
import org.springframework.util.unit.DataSize;

/** The simulated OA exports what the demo promises: mostly valid routed decisions, some GBK, a few bad ones. */
class OaFolderSimulatorTest {

    @Test
    void mostDocumentsMapToDecisionsAndAFewAreBad() {
        ConfigFiles files = new ConfigFiles(new LinkageProperties(Path.of("data"), null,
                new LinkageProperties.Broker("127.0.0.1", 61616, "hub", null), new LinkageProperties.Postgres(0, null)));
        SourceMapping oa = new MappingCatalog(files).get("oa");
        MappingEngine engine = new MappingEngine(JsonMapper.builder().addModule(new JavaTimeModule()).build(),
                new DecisionValidator());
        OaProperties properties = new OaProperties(true, Path.of("inbox"), DataSize.ofMegabytes(5),
                Duration.ofSeconds(1), new OaProperties.Sftp(null, 22, null, null, "oa", Duration.ofSeconds(10), "no"));
        OaFolderSimulator simulator = new OaFolderSimulator(properties, Clock.systemUTC(), Duration.ofSeconds(7));
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 66; i++) {
            OaFolderSimulator.Document document = simulator.next();
            assertThat(document.name()).endsWith(".xml");
            try {
                var result = engine.map(oa, engine.records(oa, document.bytes()).get(0), OffsetDateTime.now());
                outcomes.add(result.valid() ? "valid" : result.reasons().get(0).rule());
            } catch (MalformedPayloadException e) {
                outcomes.add(e.reason().rule());
            }
        }
        assertThat(outcomes).filteredOn("valid"::equals).hasSizeGreaterThan(55);
        assertThat(outcomes).contains("uscc-checksum", "encoding");
    }
}
