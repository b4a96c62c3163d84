package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External-database mode: the packaged hub on a PostgreSQL server of its own ({@code spring.datasource.url}), the
 * server stopped under a stream of signed events and started again a while later. Intake answers 503 while the
 * database cannot be reached, the platform retries, and every department receives every decision once. Fault suite
 * only ({@code -Pfaults}); {@code -Dfaults.db-outage} (PT30S) and {@code -Dfaults.db-events} (2,000).
 */
class DatabaseRestartFault {

    static final Duration OUTAGE = Duration.parse(System.getProperty("faults.db-outage", "PT30S"));
    static final int EVENTS = Integer.getInteger("faults.db-events", 2_000);
    static final String SECRET = "db-fault-secret";

    @TempDir
    Path workDir;

    @Test
    void theHubRidesOutItsDatabaseStoppingAndStartingUnderLoad() throws Exception {
        int dbPort = HubProcess.freePort();
        int httpPort = HubProcess.freePort();
        int brokerPort = HubProcess.freePort();
        Path pgData = workDir.resolve("external-postgres");
        EmbeddedPostgres database = startDatabase(pgData, dbPort);
        FaultReport report = new FaultReport("external PostgreSQL stopped for " + OUTAGE + " under " + EVENTS
                + " signed events");
        Path hubDir = java.nio.file.Files.createDirectories(workDir.resolve("hub"));
        try (HubProcess hub = new HubProcess("DatabaseRestartFault", hubDir, httpPort, List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--linkage.broker.port=" + brokerPort,
                "--linkage.sources.project-approval.secret=" + SECRET,
                "--linkage.security.demo-credentials=true",
                "--linkage.demo.simulators=false",
                "--linkage.intake.history-cut-over=2020-01-01"))) {
            report.line("hub: %s", String.join(" ", hub.command()));
            hub.start();
            hub.awaitReady(System.nanoTime(), KillRecoveryIT.START);
            DepartmentSystems departments = new DepartmentSystems(brokerPort);
            RetryingPlatform platform = new RetryingPlatform(httpPort, SECRET);
            CompletableFuture<Void> stream = platform.push(EVENTS, 4);
            await().atMost(Duration.ofMinutes(5)).until(() -> platform.accepted() >= EVENTS / 3 || stream.isDone());

            int acceptedAtStop = platform.accepted();
            long stoppedAt = System.nanoTime();
            database.close();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/actuator/health/readiness")).build();
            // the outage lasts its length, and at least until the hub has noticed (readiness DOWN)
            await("the outage").atMost(OUTAGE.plusMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    System.nanoTime() - stoppedAt >= OUTAGE.toNanos()
                            && http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 503);
            int acceptedAtStart = platform.accepted();
            long startedAt = System.nanoTime();
            database = startDatabase(pgData, dbPort);
            Duration healthy = hub.awaitReady(startedAt, Duration.ofMinutes(3));
            report.line("database stopped at %d accepted, down %.1f s (%d accepted meanwhile); hub ready %.1f s after "
                    + "the database was back", acceptedAtStop, (startedAt - stoppedAt) / 1e9,
                    acceptedAtStart - acceptedAtStop, healthy.toMillis() / 1000.0);

            stream.get(10, TimeUnit.MINUTES);
            Set<String> documents = new HashSet<>(platform.documents().values());
            departments.awaitEveryDecision(documents, Duration.ofMinutes(5));
            departments.awaitQuiet();
            report.line("client: %d events accepted; answers by status: %s", platform.accepted(), platform.answers());
            departments.report(report, documents);
            departments.close();
            report.print();

            assertThat(platform.unexpected()).isEmpty();
            assertThat(platform.serverErrors()).as("answered 500 (or another 5xx but 503)").isZero();
            departments.assertEachDecisionOnce(documents);
        } finally {
            database.close();
        }
    }

    /**
     * The operator's server: durable, on a fixed port, its data kept across the restart (the library deletes a folder
     * it was told to clean when the server stops).
     */
    private static EmbeddedPostgres startDatabase(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
    }
}
