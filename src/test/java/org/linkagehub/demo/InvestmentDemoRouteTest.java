package org.linkagehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.canonical.DecisionValidator;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;

/**
 * The investment platform's demo simulator is a route file, not Java ({@code routes/investment-demo.yaml}): run on
 * its own, it writes today's export into the inbox as the platform would (never leaving a {@code .part} behind), and
 * the file is one the platform's mapping takes whole.
 */
class InvestmentDemoRouteTest {

    @Test
    void theDemoRouteDropsAnExportTheMappingTakes(@TempDir Path inbox, @TempDir Path locks) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("linkage.sources.investment.inbox", inbox.toString());
        properties.setProperty("linkage.demo.investment.interval", "50");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(properties);
            // the route runs on the elected hub only (master:); alone, this context is elected through a lock file
            FileLockClusterService cluster = new FileLockClusterService();
            cluster.setRoot(locks.toString());
            camel.addService(cluster);
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveResource(camel, "file:routes/investment-demo.yaml"));
            camel.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> csvFiles(inbox).size() == 1);
            camel.stop();
        }
        assertThat(csvFiles(inbox)).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).matches("TZXM_\\d{8}\\.csv");
            byte[] bytes = Files.readAllBytes(file);
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            SourceMapping mapping = new MappingCatalog(new ConfigFiles(new LinkageProperties(Path.of("data"), null,
                    new LinkageProperties.Broker("127.0.0.1", 61616, "hub", null), new LinkageProperties.Postgres(0, null))))
                    .get("investment");
            MappingEngine engine = new MappingEngine(json, new DecisionValidator());
            List<JsonNode> records = engine.records(mapping, bytes);
            assertThat(records).hasSize(1);
            MappingResult result = engine.map(mapping, records.get(0), OffsetDateTime.now());
            assertThat(result.reasons()).isEmpty();
            assertThat(result.decision().matter().code()).isEqualTo("640200-SPJ-FG-0001");
            assertThat(result.decision().source().system()).isEqualTo("INVESTMENT");
        });
        try (Stream<Path> files = Files.list(inbox)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    private static List<Path> csvFiles(Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
        }
    }
}
