package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's experiment: the packaged jar on its embedded defaults, a stream of signed events from a client
 * that retries like the platform, and {@code kill -9} of the hub mid-stream, each time started again by the plain
 * start command and nothing else. Every department receives every decision exactly once (by {@code deliveryId}), no
 * request is answered 500 (503 with {@code Retry-After} while starting), and no hand touches a process.
 * <p>
 * Short form in {@code ./mvnw verify}: one kill during 1,000 events. The fault suite ({@code -Pfaults}) runs three
 * kills during 5,000 ({@code -Dfaults.kills}, {@code -Dfaults.events}); its second kill takes the watchdog beside the
 * JVM with it, so the restart alone has to find and stop the server the dead hub left running.
 */
class KillRecoveryIT {

    static final int KILLS = Integer.getInteger("faults.kills", 1);
    static final int EVENTS = Integer.getInteger("faults.events", 1_000);
    static final String SECRET = "kill-it-secret";
    /** A start on a loaded two-core machine has taken over three minutes (PackagedJarIT). */
    static final Duration START = Duration.ofMinutes(4);

    @TempDir
    Path workDir;

    @Test
    void theHubComesBackByItselfAfterKillMinus9AndEveryDepartmentGetsEveryDecisionOnce() throws Exception {
        int httpPort = HubProcess.freePort();
        int brokerPort = HubProcess.freePort();
        FaultReport report = new FaultReport("kill -9 of the packaged hub, " + KILLS + " time(s) during " + EVENTS
                + " signed events (embedded defaults)");
        try (HubProcess hub = new HubProcess("KillRecoveryIT", workDir, httpPort, List.of(
                "--linkage.broker.port=" + brokerPort,
                "--linkage.sources.project-approval.secret=" + SECRET,
                "--linkage.security.demo-credentials=true",
                "--linkage.demo.simulators=false",
                "--linkage.intake.history-cut-over=2020-01-01"))) {
            report.line("start command (in an empty folder, the same every time): %s", String.join(" ", hub.command()));
            long t0 = System.nanoTime();
            hub.start();
            report.line("first start: ready after %.1f s", hub.awaitReady(t0, START).toMillis() / 1000.0);

            DepartmentSystems departments = new DepartmentSystems(brokerPort);
            RetryingPlatform platform = new RetryingPlatform(httpPort, SECRET);
            CompletableFuture<Void> stream = platform.push(EVENTS, 4);
            Path pidFile = workDir.resolve("data/postgres/postmaster.pid");
            for (int kill = 1; kill <= KILLS; kill++) {
                int threshold = EVENTS * kill / (KILLS + 1);
                await("events accepted before kill " + threshold).atMost(Duration.ofMinutes(5))
                        .until(() -> platform.accepted() >= threshold || stream.isDone());
                long server = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
                // the second of three kills also takes the watchdog: the restart alone must stop the server left behind
                boolean withWatchdog = kill == 2;
                Optional<ProcessHandle> watchdog = hub.watchdog();
                assertThat(watchdog).as("the watchdog beside the hub's JVM").isPresent();
                if (withWatchdog) {
                    watchdog.get().destroyForcibly();
                    watchdog.get().onExit().get(10, TimeUnit.SECONDS);
                }
                int acceptedAtKill = platform.accepted();
                long killedAt = System.nanoTime();
                hub.kill();
                String serverAfter;
                if (withWatchdog) {
                    assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).as("the server outlives the JVM")
                            .contains(true);
                    serverAfter = "left running (watchdog killed too)";
                } else {
                    await("the watchdog stops the server the JVM left").atMost(Duration.ofSeconds(60))
                            .until(() -> ProcessHandle.of(server).map(p -> !p.isAlive()).orElse(true));
                    serverAfter = String.format("stopped by the watchdog %.1f s after the kill",
                            (System.nanoTime() - killedAt) / 1e9);
                }
                hub.start();
                Duration healthy = hub.awaitReady(killedAt, START);
                assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false))
                        .as("the old server is gone").isFalse();
                report.line("kill %d (SIGKILL of the JVM%s) at %d accepted: PostgreSQL %s; ready again %.1f s after "
                        + "the kill", kill, withWatchdog ? " and its watchdog" : "", acceptedAtKill, serverAfter,
                        healthy.toMillis() / 1000.0);
            }
            stream.get(10, TimeUnit.MINUTES);
            Set<String> documents = new HashSet<>(platform.documents().values());
            departments.awaitEveryDecision(documents, Duration.ofMinutes(5));
            departments.awaitQuiet();
            report.line("client: %d events accepted; answers by status (0 = no answer: refused, reset or timed out): %s",
                    platform.accepted(), platform.answers());
            departments.report(report, documents);

            long stopAt = System.nanoTime();
            int exit = hub.stop(Duration.ofMinutes(2));
            report.line("SIGTERM: exit %d after %.1f s; PostgreSQL's lock file %s", exit,
                    (System.nanoTime() - stopAt) / 1e9, java.nio.file.Files.exists(pidFile) ? "left (!)" : "removed");
            departments.close();
            report.print();

            assertThat(platform.unexpected()).as("events refused with a 4xx").isEmpty();
            assertThat(platform.serverErrors()).as("requests answered 500 (or another 5xx but 503)").isZero();
            assertThat(platform.accepted()).isEqualTo(EVENTS);
            departments.assertEachDecisionOnce(documents);
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(hub.log()).contains("Intake closed for the stop");
            assertThat(pidFile).as("PostgreSQL stopped cleanly with the hub").doesNotExist();
        }
    }
}
