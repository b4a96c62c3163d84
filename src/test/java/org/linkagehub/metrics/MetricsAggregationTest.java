package org.linkagehub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard stay right with several hubs on one database (one scrape target each):
 * every {@code linkage_*} gauge is the city's figure as each hub reads it, so it is combined with {@code max()} or
 * {@code min()}, never summed nor left per hub (one alert per hub, or a figure counted once per hub). Counters
 * ({@code _total}, histogram buckets) are each hub's own and may be summed.
 */
class MetricsAggregationTest {

    private static final Path OBSERVABILITY = Path.of("src/main/observability");
    private static final Pattern GAUGE = Pattern.compile("\\blinkage_[a-z0-9_]+\\b");
    /** What a gauge's use must follow directly: max or min, with or without by (…), over the gauge or its delta. */
    private static final Pattern COMBINED = Pattern.compile("\\b(?:max|min)\\s*(?:by\\s*\\([^)]*\\)\\s*)?\\(\\s*"
            + "(?:delta\\(\\s*)?$");

    @Test
    void everyGaugeIsCombinedAcrossHubsWithMaxOrMin() throws IOException {
        List<String> expressions = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(OBSERVABILITY.resolve("prometheus/alert-rules.yml").toFile())
                .path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(
                OBSERVABILITY.resolve("grafana/dashboards/linkage-hub.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));

        List<String> wrong = new ArrayList<>();
        int gauges = 0;
        for (String expression : expressions) {
            Matcher m = GAUGE.matcher(expression);
            while (m.find()) {
                String metric = m.group();
                if (metric.matches(".*_(total|bucket|count|sum)")) {
                    continue;
                }
                gauges++;
                if (!COMBINED.matcher(expression.substring(0, m.start())).find()) {
                    wrong.add(metric + " in: " + expression);
                }
            }
        }
        assertThat(gauges).as("the source, backlog, quarantine and dead-letter gauges are used").isGreaterThan(10);
        assertThat(wrong).as("gauges not combined with max() or min()").isEmpty();
    }

    @Test
    void theSourceRecordsCounterIsSummedAndNeverTheStoredFigure() throws IOException {
        String dashboard = new ObjectMapper().readTree(
                OBSERVABILITY.resolve("grafana/dashboards/linkage-hub.json").toFile()).toString();
        assertThat(dashboard).contains("sum by (source) (rate(linkage_source_records_total[5m]))")
                .doesNotContain("sum by (source) (linkage_source_city_records)");
    }
}
