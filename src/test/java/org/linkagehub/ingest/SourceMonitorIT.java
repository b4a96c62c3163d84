package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.ingest.ProjectApprovalReconcileIT.MutableClock;
import org.linkagehub.ingest.SourceMonitor.SourceStatus;
import org.linkagehub.ingest.SourceStates.SourceState;
import org.linkagehub.platform.BeijingTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.util.unit.DataSize;

/**
 * Each source's health across restarts, against the shared hub's real database. A restart is a fresh
 * {@link SourceMonitor} over the same {@code source_state} table, as a new hub process builds one; several fresh
 * monitors at once are hubs sharing the database. Every test uses its own source names, so the shared hub's rows
 * (and the other test classes' records) never meet these.
 */
class SourceMonitorIT extends HubIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    @Autowired
    SourceMonitor sharedHub;
    @Autowired
    ObjectMapper json;

    @Test
    void aRestartCarriesOnFromTheStoredStateAndAddsOnlyWhatCameSince() {
        String source = newSource();
        MutableClock clock = new MutableClock(T0);
        SourceMonitor before = hub(clock, source);
        before.success(source, 3, T0.minusSeconds(600));
        clock.now = T0.plusSeconds(30);
        before.failure(source, "connection refused");
        before.flush();

        SourceMonitor after = hub(clock, source);
        SourceStatus restored = after.status(source).orElseThrow();
        assertThat(restored.status()).as("it failed last before the restart").isEqualTo("DOWN");
        assertThat(restored.lastSuccess()).isEqualTo(T0);
        assertThat(restored.lastError()).isEqualTo("connection refused");
        assertThat(restored.lastErrorAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(restored.newestRecordAt()).isEqualTo(T0.minusSeconds(600));
        assertThat(restored.records()).isEqualTo(3);
        assertThat(indicator(after, source).health().getDetails()).containsEntry("records", 3L)
                .containsEntry("lastError", "connection refused").containsKeys("lastSuccess", "newestRecord");

        clock.now = T0.plusSeconds(60);
        after.success(source, 2, null);
        after.flush();
        clock.now = T0.plusSeconds(90);
        after.flush();
        assertThat(stored(source).records()).as("the 3 restored are not added again, nor the 2 twice").isEqualTo(5);
        assertThat(jdbc.queryForObject("select updated_at from source_state where source = ?", Timestamp.class, source)
                .toInstant()).as("a flush with nothing changed writes nothing").isEqualTo(T0.plusSeconds(60));
        assertThat(after.status(source).orElseThrow().status()).isEqualTo("UP");
    }

    @Test
    void hubsSharingTheDatabaseAddTheirRecordsAndKeepTheLaterTimesAndTheNewerError() {
        String source = newSource();
        MutableClock clock = new MutableClock(T0);
        SourceMonitor first = hub(clock, source);
        SourceMonitor second = hub(clock, source);
        first.success(source, 3, T0.minusSeconds(3600));
        clock.now = T0.plusSeconds(10);
        second.success(source, 4, T0.minusSeconds(60));
        clock.now = T0.plusSeconds(20);
        first.failure(source, "first: 500 busy");
        clock.now = T0.plusSeconds(30);
        second.failure(source, "second: 401 token expired");

        // the hub with the later times writes first: the other's older ones must not overwrite them
        second.flush();
        first.flush();
        assertThat(stored(source)).isEqualTo(new SourceState(T0.plusSeconds(10), "second: 401 token expired",
                T0.plusSeconds(30), T0.minusSeconds(60), 7));

        clock.now = T0.plusSeconds(40);
        first.success(source, 1, null);
        first.flush();
        SourceMonitor restarted = hub(clock, source);
        SourceStatus status = restarted.status(source).orElseThrow();
        assertThat(status.records()).isEqualTo(8);
        assertThat(status.lastSuccess()).isEqualTo(T0.plusSeconds(40));
        assertThat(status.lastError()).isEqualTo("second: 401 token expired");
        assertThat(status.status()).as("a success after the last error").isEqualTo("UP");
    }

    @Test
    void eachFlushShowsWhatTheOtherHubsBroughtAndOnlyRecordsHereStayThisHubs() {
        String source = newSource();
        MutableClock clock = new MutableClock(T0);
        SourceMonitor leader = hub(clock, source);
        SourceMonitor other = hub(clock, source);
        leader.success(source, 3, T0.minusSeconds(600));
        clock.now = T0.plusSeconds(10);
        other.failure(source, "other: 502 bad gateway");
        clock.now = T0.plusSeconds(20);
        other.success(source, 2, null);
        leader.flush();
        other.flush();

        // the hub that flushed first sees the other's write only at its next flush, without writing anything
        assertThat(leader.status(source).orElseThrow().records()).isEqualTo(3);
        clock.now = T0.plusSeconds(30);
        leader.flush();
        assertThat(jdbc.queryForObject("select updated_at from source_state where source = ?", Timestamp.class, source)
                .toInstant()).as("reading back writes nothing").isEqualTo(T0.plusSeconds(20));
        for (SourceMonitor hub : new SourceMonitor[] {leader, other}) {
            SourceStatus status = hub.status(source).orElseThrow();
            assertThat(status.records()).as("the city's records, on every hub").isEqualTo(5);
            assertThat(status.lastSuccess()).isEqualTo(T0.plusSeconds(20));
            assertThat(status.lastError()).isEqualTo("other: 502 bad gateway");
            assertThat(status.newestRecordAt()).isEqualTo(T0.minusSeconds(600));
            assertThat(status.status()).isEqualTo("UP");
            assertThat(indicator(hub, source).health().getDetails()).containsEntry("records", 5L);
        }
        assertThat(leader.status(source).orElseThrow().recordsHere()).isEqualTo(3);
        assertThat(other.status(source).orElseThrow().recordsHere()).isEqualTo(2);

        // what a hub brought after its last write counts on it at once, and once in the table
        leader.success(source, 4, null);
        other.flush();
        assertThat(leader.status(source).orElseThrow().records()).isEqualTo(9);
        assertThat(other.status(source).orElseThrow().records()).as("not written yet").isEqualTo(5);
        leader.flush();
        other.flush();
        assertThat(other.status(source).orElseThrow().records()).isEqualTo(9);
        assertThat(leader.status(source).orElseThrow().records()).isEqualTo(9);
        assertThat(stored(source).records()).isEqualTo(9);
        assertThat(leader.status(source).orElseThrow().recordsHere()).isEqualTo(7);
    }

    @Test
    void aDisabledSourceShowsDisabledWhateverWasStored() {
        String source = newSource();
        Clock clock = Clock.fixed(T0, BeijingTime.ZONE);
        new SourceStates(jdbc, clock).merge(source, new SourceState(T0.minusSeconds(60), "connection refused", T0,
                T0.minusSeconds(120), 12));

        SourceMonitor monitor = hub(clock);
        monitor.register(source, "linkage.sources.x.url is not set");

        Health health = indicator(monitor, source).health();
        assertThat(health.getStatus()).isEqualTo(SourceMonitor.DISABLED);
        assertThat(health.getDetails()).containsEntry("reason", "linkage.sources.x.url is not set");
        SourceStatus status = monitor.status(source).orElseThrow();
        assertThat(status.status()).isEqualTo("DISABLED");
        assertThat(status.records()).as("its history stays readable").isEqualTo(12);
    }

    @Test
    void aSourceWithoutItsSecretIsDisabledNamingTheProperty() {
        SourceMonitor monitor = new SourceMonitor(Clock.systemUTC(), new ProjectApprovalProperties(null,
                Duration.ofMinutes(5), DataSize.ofMegabytes(1)), new SourceStates(jdbc, Clock.systemUTC()));
        Health health = indicator(monitor, ProjectApprovalWebhook.SOURCE).health();
        assertThat(health.getStatus()).isEqualTo(SourceMonitor.DISABLED);
        assertThat(health.getDetails().get("reason")).isEqualTo("linkage.sources.project-approval.secret is not set");
    }

    @Test
    void theLastErrorMarksTheSourceDownUntilTheNextSuccess() {
        String source = newSource();
        MutableClock clock = new MutableClock(T0);
        SourceMonitor monitor = hub(clock, source);
        HealthIndicator indicator = indicator(monitor, source);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        monitor.failure(source, "request refused: bad signature");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("lastError", "request refused: bad signature");
        clock.now = T0.plusSeconds(1);
        monitor.success(source);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theRunningHubShowsALaterSourceFromItsStoredRowAndWritesItsChangesBehind() throws Exception {
        String source = newSource();
        Instant lastSuccess = Instant.now().minusSeconds(3600);
        new SourceStates(jdbc, Clock.systemUTC()).merge(source, new SourceState(lastSuccess, "500 busy",
                lastSuccess.minusSeconds(60), lastSuccess.minusSeconds(300), 42));

        sharedHub.register(source, null);
        JsonNode health = sourceHealth(source);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("records").asLong()).isEqualTo(42);
        assertThat(health.path("details").path("lastError").asText()).isEqualTo("500 busy");
        assertThat(health.path("details").path("lastSuccess").asText()).isNotEmpty();
        assertThat(health.path("details").path("lagSeconds").asLong()).isBetween(3600L, 3700L);

        sharedHub.success(source, 2, null);
        assertThat(sourceHealth(source).path("details").path("records").asLong()).isEqualTo(44);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stored(source).records())
                .as("route source-health-flush writes the change").isEqualTo(44));
    }

    private SourceMonitor hub(Clock clock) {
        return new SourceMonitor(clock, new ProjectApprovalProperties("s", Duration.ofMinutes(5),
                DataSize.ofMegabytes(1)), new SourceStates(jdbc, clock));
    }

    /** A hub that has just started with {@code source} registered, enabled. */
    private SourceMonitor hub(Clock clock, String source) {
        SourceMonitor monitor = hub(clock);
        monitor.register(source, null);
        return monitor;
    }

    private SourceState stored(String source) {
        return new SourceStates(jdbc, Clock.systemUTC()).load(source).orElseThrow();
    }

    private JsonNode sourceHealth(String source) throws Exception {
        return json.readTree(get("/actuator/health/sources", basic("operator", "operator")).body())
                .path("components").path("platforms").path("components").path(source);
    }

    private static HealthIndicator indicator(SourceMonitor monitor, String source) {
        return (HealthIndicator) new SourceHealth(monitor).getContributor(source);
    }

    /** Fits source_state's 32 characters, and no other test's. */
    private static String newSource() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
