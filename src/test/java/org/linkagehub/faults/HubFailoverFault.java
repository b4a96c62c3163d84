package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hubs (issue 16): {@code -Dfaults.cluster-hubs} (2) packaged hubs as separate {@code java -jar} processes
 * on one PostgreSQL and one broker that the test starts, fed signed events while the hub that leads is killed with
 * SIGKILL, {@code -Dfaults.cluster-kills} (3) times, and started again by its plain command. After each kill the
 * survivors lead every namespace the dead hub led, each on exactly one hub, within 30 s (the time is printed, and the
 * median over the kills); every department receives every decision once. Fault suite only ({@code -Pfaults}).
 */
class HubFailoverFault {

    static final int HUBS = Integer.getInteger("faults.cluster-hubs", 2);
    static final int KILLS = Integer.getInteger("faults.cluster-kills", 3);
    static final int EVENTS = Integer.getInteger("faults.cluster-events", 600);
    static final String SECRET = "cluster-fault-secret";
    static final Duration FAIL_OVER = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theSurvivorsTakeTheKilledLeadersJobsWithin30SecondsAndEveryDecisionArrivesOnce() throws Exception {
        int dbPort = HubProcess.freePort();
        int brokerPort = HubProcess.freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        for (String code : RetryingPlatform.DEPARTMENTS) {
            broker.getActiveMQServer().createQueue(QueueConfiguration.of("linkage.dept." + code)
                    .setRoutingType(RoutingType.ANYCAST).setAutoCreateAddress(true));
        }
        FaultReport report = new FaultReport(HUBS + " hubs on one PostgreSQL and one broker, the leader killed "
                + KILLS + " time(s) during " + EVENTS + " signed events");
        List<HubProcess> hubs = new ArrayList<>();
        Map<HubProcess, Integer> ports = new LinkedHashMap<>();
        EmbeddedPostgres database = EmbeddedPostgres.builder().setDataDirectory(workDir.resolve("pg"))
                .setCleanDataDirectory(true).setPort(dbPort).start();
        try {
            for (int i = 0; i < HUBS; i++) {
                String name = "hub-" + (char) ('a' + i);
                int port = HubProcess.freePort();
                HubProcess hub = new HubProcess("HubFailoverFault-" + name,
                        Files.createDirectories(workDir.resolve(name)), port, List.of(
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                        "--linkage.broker.port=" + HubProcess.freePort(),
                        "--linkage.cluster.node-id=" + name,
                        "--linkage.sources.project-approval.secret=" + SECRET,
                        "--linkage.security.demo-credentials=true",
                        "--linkage.demo.simulators=false",
                        "--linkage.intake.history-cut-over=2020-01-01"));
                hubs.add(hub);
                ports.put(hub, port);
                report.line("%s: %s", name, String.join(" ", hub.command()));
                // one after the other: the first leads everything, the others wait as standbys
                hub.start();
                hub.awaitReady(System.nanoTime(), KillRecoveryIT.START);
            }
            DepartmentSystems departments = new DepartmentSystems(brokerPort);
            Set<String> documents = new HashSet<>();
            List<Long> failOvers = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                HubProcess leader = awaitLeader(hubs, ports);
                Set<String> led = leads(ports.get(leader));
                HubProcess target = hubs.stream().filter(h -> h != leader).findFirst().orElseThrow();
                RetryingPlatform platform = new RetryingPlatform(ports.get(target), SECRET);
                int events = EVENTS / KILLS;
                CompletableFuture<Void> stream = platform.push(events, 4);
                await("events before kill " + kill).atMost(Duration.ofMinutes(5))
                        .until(() -> platform.accepted() >= events / 2 || stream.isDone());

                int acceptedAtKill = platform.accepted();
                long killedAt = System.nanoTime();
                leader.kill();
                List<HubProcess> alive = hubs.stream().filter(h -> h != leader).toList();
                await("the survivors lead " + led).atMost(FAIL_OVER).pollInterval(Duration.ofMillis(200))
                        .until(() -> ledByExactlyOne(alive, ports, led));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                failOvers.add(millis);
                report.line("kill %d: SIGKILL of the leader at %d accepted; the survivors led its %d namespaces "
                        + "after %.1f s", kill, acceptedAtKill, led.size(), millis / 1000.0);

                stream.get(10, TimeUnit.MINUTES);
                assertThat(platform.unexpected()).as("events refused with a 4xx").isEmpty();
                assertThat(platform.serverErrors()).as("requests answered 500 (or another 5xx but 503)").isZero();
                documents.addAll(platform.documents().values());
                leader.start();
                leader.awaitReady(System.nanoTime(), KillRecoveryIT.START);
            }
            departments.awaitEveryDecision(documents, Duration.ofMinutes(5));
            departments.awaitQuiet();
            departments.report(report, documents);
            List<Long> sorted = failOvers.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            report.line("fail-over times (ms): %s; median %.1f s", failOvers, median / 1000.0);
            report.print();
            departments.close();

            departments.assertEachDecisionOnce(documents);
            assertThat(median).isLessThan(FAIL_OVER.toMillis());
        } finally {
            // the hubs stop before the database and the broker they use, or their stop waits on them
            for (HubProcess hub : hubs) {
                hub.close();
            }
            database.close();
            broker.stop();
        }
    }

    /** The one hub that leads anything, once exactly one does. */
    private HubProcess awaitLeader(List<HubProcess> hubs, Map<HubProcess, Integer> ports) {
        List<HubProcess> leaders = new ArrayList<>();
        await("one hub leads").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    leaders.clear();
                    for (HubProcess hub : hubs) {
                        if (!leads(ports.get(hub)).isEmpty()) {
                            leaders.add(hub);
                        }
                    }
                    // a restarted hub is a standby: the leader is the one that leads the most
                    return !leaders.isEmpty();
                });
        Iterator<HubProcess> it = leaders.iterator();
        HubProcess most = it.next();
        while (it.hasNext()) {
            HubProcess next = it.next();
            if (leads(ports.get(next)).size() > leads(ports.get(most)).size()) {
                most = next;
            }
        }
        return most;
    }

    private boolean ledByExactlyOne(List<HubProcess> alive, Map<HubProcess, Integer> ports, Set<String> namespaces) {
        Map<String, Integer> leaders = new LinkedHashMap<>();
        for (HubProcess hub : alive) {
            leads(ports.get(hub)).forEach(n -> leaders.merge(n, 1, Integer::sum));
        }
        return namespaces.stream().allMatch(n -> leaders.getOrDefault(n, 0) == 1);
    }

    /** The namespaces a hub's health component {@code leadership} says it leads; empty when it does not answer. */
    private Set<String> leads(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "operator:operator".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode namespaces = JSON.readTree(response.body()).path("components").path("leadership")
                    .path("details").path("namespaces");
            Set<String> led = new TreeSet<>();
            namespaces.fieldNames().forEachRemaining(led::add);
            return led;
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }
}
