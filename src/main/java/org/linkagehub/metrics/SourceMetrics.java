package org.linkagehub.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.ingest.SourceMonitor.SourceStatus;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Each source's state from {@link SourceMonitor} as gauges tagged {@code source}: {@code linkage_source_lag_seconds}
 * (since the last success, kept across restarts, or since start-up while there has never been one, so a source that
 * never answers shows as silent too), {@code linkage_source_last_success_seconds} and
 * {@code linkage_source_newest_record_seconds} (Unix times; the platform's own time of the newest record shows how far
 * behind the platform the hub is), {@code linkage_source_up} (1 while its health is UP), {@code linkage_source_enabled}
 * (0 while a property it needs is missing) and {@code linkage_source_city_records} (every hub's records since the
 * beginning, as stored). Read from memory, so every scrape reads afresh.
 * <p>
 * Several hubs on one database: the gauges are the city's view of the source on every hub (the monitor merges the
 * stored state at each flush), so they are combined with {@code max()} (or {@code min()}), never {@code sum()}. The
 * counter {@code linkage_source_records_total} counts only what this hub brought since it started, so it is the one
 * that {@code sum()} and {@code rate()} combine across hubs (a restart starts it at 0, which {@code rate()} expects).
 */
@Component
class SourceMetrics implements SmartInitializingSingleton {

    private final SourceMonitor monitor;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Instant started;

    SourceMetrics(SourceMonitor monitor, MeterRegistry registry, Clock clock) {
        this.monitor = monitor;
        this.registry = registry;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Sources register themselves with the monitor as their beans are built; by now every one has. */
    @Override
    public void afterSingletonsInstantiated() {
        for (String source : monitor.sources()) {
            gauge(source, "linkage.source.lag", "seconds", "Seconds since the source's last success (or start-up)",
                    s -> Duration.between(s.lastSuccess() == null ? started : s.lastSuccess(), clock.instant())
                            .toMillis() / 1000.0);
            gauge(source, "linkage.source.last.success", "seconds", "Unix time of the source's last success",
                    s -> epochSeconds(s.lastSuccess()));
            gauge(source, "linkage.source.newest.record", "seconds",
                    "Unix time (the platform's own) of the newest record the source brought",
                    s -> epochSeconds(s.newestRecordAt()));
            gauge(source, "linkage.source.up", null, "1 while the source's health is UP, else 0",
                    s -> "UP".equals(s.status()) ? 1 : 0);
            gauge(source, "linkage.source.enabled", null, "0 while the source lacks a property it needs, else 1",
                    s -> s.disabledBecause() == null ? 1 : 0);
            gauge(source, "linkage.source.city.records", null, "Platform records the source brought through every hub "
                    + "on the database since the beginning, as stored (combine hubs with max(), not sum())",
                    SourceStatus::records);
            FunctionCounter.builder("linkage.source.records", monitor,
                    m -> m.status(source).map(SourceStatus::recordsHere).orElse(0L))
                    .description("Platform records the source brought through this hub since it started "
                            + "(sum() over hubs is the city's)").tag("source", source)
                    .register(registry);
        }
    }

    private void gauge(String source, String name, String unit, String description, ToDoubleFunction<SourceStatus> value) {
        Gauge.builder(name, monitor, m -> {
            Optional<SourceStatus> status = m.status(source);
            return status.isPresent() ? value.applyAsDouble(status.get()) : Double.NaN;
        }).baseUnit(unit).description(description).tag("source", source).register(registry);
    }

    private static double epochSeconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }
}
