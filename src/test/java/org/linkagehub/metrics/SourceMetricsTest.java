package org.linkagehub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.ingest.SourceMonitor.SourceStatus;

/**
 * Two hubs on one database, as Prometheus scrapes them: each hub's {@code linkage_source_records_total} counts only
 * what it brought since it started, so {@code sum()} over the hubs is the city's; the stored city-wide count is the
 * gauge {@code linkage_source_city_records}, the same on both, so {@code max()} is the city's and a {@code sum()}
 * would count it twice.
 */
class SourceMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");

    @Test
    void theCounterIsThisHubsAndTheCityFigureIsAGaugeEveryHubShowsAlike() {
        // the city brought 1000 records before these hubs started, then 30 through the leader and 12 through the other
        Scrape leader = scrape(status(1042, 30));
        Scrape other = scrape(status(1042, 12));

        assertThat(leader.value("linkage_source_records_total", "source", "forest")
                + other.value("linkage_source_records_total", "source", "forest")).isEqualTo(42);
        assertThat(leader.value("linkage_source_city_records", "source", "forest")).isEqualTo(1042);
        assertThat(other.value("linkage_source_city_records", "source", "forest")).isEqualTo(1042);
        assertThat(leader.samples()).filteredOn(s -> s.name().equals("linkage_source_records_total")).singleElement()
                .extracting(s -> s.labels().get("source")).isEqualTo("forest");
    }

    private static SourceStatus status(long records, long recordsHere) {
        return new SourceStatus("forest", "UP", null, NOW, null, null, NOW, Duration.ZERO, records, recordsHere);
    }

    private static Scrape scrape(SourceStatus status) {
        SourceMonitor monitor = mock(SourceMonitor.class);
        when(monitor.sources()).thenReturn(List.of("forest"));
        when(monitor.status("forest")).thenReturn(Optional.of(status));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SourceMetrics(monitor, registry, Clock.fixed(NOW, ZoneOffset.UTC)).afterSingletonsInstantiated();
        return Scrape.parse(registry.scrape());
    }
}
