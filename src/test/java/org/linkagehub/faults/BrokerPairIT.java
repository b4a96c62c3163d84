package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production broker pair, from the stock Artemis distribution: two {@code artemis create} instances on one shared
 * store, configured with this repository's {@code src/main/artemis/} (broker.xml and each node's broker.properties),
 * each a process of its own. The hub (in this JVM, on its embedded PostgreSQL) and the departments' systems use the
 * fail-over URL of the README; a platform streams signed events; the primary gets SIGKILL mid-stream. Every
 * department must receive every decision exactly once, by {@code deliveryId}.
 * <p>
 * Runs with {@code ./mvnw -Pbroker-pair verify}, which unpacks the distribution (Maven artifact
 * {@code org.apache.activemq:apache-artemis:bin:tar.gz}) and names it in {@code broker-pair.home}; skipped otherwise.
 * Adjustable: {@code -Dbroker-pair.events} (default 1,500).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// after the method, not the class: the hub stops while the pair is still there (after @AfterAll it would wait out
// every broker call)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class BrokerPairIT {

    static final String SECRET = "broker-pair-secret";
    static final String HUB_PASSWORD = "pair-hub-password";
    static final int EVENTS = Integer.getInteger("broker-pair.events", 1_500);
    static final Path REPOSITORY_CONFIG = Path.of("src/main/artemis");
    static final Duration ACTIVE = Duration.ofMinutes(3);

    static Path home;
    static Path workDir;
    static int primaryPort;
    static int backupPort;
    static Node primary;
    static Node backup;

    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @BeforeAll
    static void startThePair() throws Exception {
        String property = System.getProperty("broker-pair.home", "");
        Assumptions.assumeTrue(!property.isBlank() && Files.isRegularFile(Path.of(property, "bin", "artemis")),
                "the Artemis distribution is not unpacked: run ./mvnw -Pbroker-pair verify");
        home = Path.of(property).toAbsolutePath();
        workDir = Files.createTempDirectory("linkage-broker-pair");
        Path store = Files.createDirectories(workDir.resolve("store"));
        Files.createDirectories(store.resolve("accounts"));
        writeAccounts(store.resolve("accounts"));
        primaryPort = HubProcess.freePort();
        backupPort = HubProcess.freePort();
        primary = Node.create(home, workDir, "primary", primaryPort, store);
        backup = Node.create(home, workDir, "backup", backupPort, store);
        primary.start();
        primary.awaitLog("AMQ221007", ACTIVE); // Server is now active
        backup.start();
        backup.awaitLog("AMQ221031", ACTIVE); // backup announced
    }

    @AfterAll
    static void stopThePair() {
        for (Node node : new Node[] {primary, backup}) {
            if (node != null) {
                node.kill();
            }
        }
    }

    /** The README's fail-over URL, on this machine's two ports. */
    static String failoverUrl() {
        return "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort
                + ")?ha=true&reconnectAttempts=-1&retryInterval=250&callFailoverTimeout=30000";
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", BrokerPairIT::failoverUrl);
        registry.add("spring.artemis.user", () -> "linkage-hub");
        registry.add("spring.artemis.password", () -> HUB_PASSWORD);
        registry.add("linkage.data-dir", () -> workDir.resolve("hub").toString());
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.security.demo-credentials", () -> true);
        registry.add("linkage.demo.simulators", () -> false);
        registry.add("linkage.outbox.poll-interval", () -> 200);
        registry.add("linkage.intake.history-cut-over", () -> "2020-01-01");
    }

    @Test
    void everyDepartmentGetsEveryDecisionOnceWhenThePrimaryIsKilledMidStream() throws Exception {
        FaultReport report = new FaultReport("SIGKILL of the Artemis primary (stock " + home.getFileName()
                + ", shared store) during " + EVENTS + " signed events");
        report.line("client URL (hub and departments): %s", failoverUrl());
        DepartmentSystems departments = new DepartmentSystems(failoverUrl() + "&blockOnAcknowledge=true");
        RetryingPlatform platform = new RetryingPlatform(port, SECRET);
        CompletableFuture<Void> stream = platform.push(EVENTS, 4);
        await("a third of the events accepted").atMost(Duration.ofMinutes(5))
                .until(() -> platform.accepted() >= EVENTS / 3 || stream.isDone());
        await("deliveries flowing through the primary").atMost(Duration.ofMinutes(2))
                .until(() -> departments.quietNanos() < TimeUnit.SECONDS.toNanos(1));
        int acceptedAtKill = platform.accepted();
        long killedAt = System.nanoTime();
        primary.kill();
        backup.awaitLog("AMQ221010", ACTIVE); // Backup Server is now active
        double active = (System.nanoTime() - killedAt) / 1e9;
        await("a delivery through the backup").atMost(ACTIVE).pollInterval(Duration.ofMillis(50))
                .until(() -> departments.quietNanos() < System.nanoTime() - killedAt);
        double flowing = (System.nanoTime() - killedAt) / 1e9;
        report.line("SIGKILL of the primary at %d of %d events accepted: backup active %.1f s after the kill, "
                + "deliveries flowing again %.1f s after it", acceptedAtKill, EVENTS, active, flowing);

        stream.get(10, TimeUnit.MINUTES);
        Set<String> documents = new HashSet<>(platform.documents().values());
        departments.awaitEveryDecision(documents, Duration.ofMinutes(5));
        departments.awaitQuiet();
        report.line("platform: %d events accepted; answers by status: %s", platform.accepted(), platform.answers());
        departments.report(report, documents);
        int outbox = jdbc.queryForObject("select count(*) from outbox", Integer.class);
        report.line("outbox rows left: %d", outbox);
        report.print();
        departments.close();

        assertThat(platform.serverErrors()).as("requests answered 500").isZero();
        assertThat(platform.accepted()).isEqualTo(EVENTS);
        departments.assertEachDecisionOnce(documents);
        assertThat(outbox).as("outbox drained").isZero();
    }

    /**
     * The accounts both nodes read, kept on the shared store as docker-compose.yml keeps them: the hub, the
     * departments with their demo passwords (plain text, which the properties login module accepts), the roles file
     * of the repository.
     */
    private static void writeAccounts(Path accounts) throws IOException {
        List<String> users = new ArrayList<>(List.of("admin=admin", "linkage-hub=" + HUB_PASSWORD));
        for (String line : Files.readAllLines(REPOSITORY_CONFIG.resolve("artemis-roles.properties"))) {
            if (line.startsWith("department =")) {
                for (String user : line.substring(line.indexOf('=') + 1).split(",")) {
                    users.add(user.strip() + "=demo-" + user.strip());
                }
            }
        }
        users.add("credit=demo-credit");
        Files.write(accounts.resolve("artemis-users.properties"), users, StandardCharsets.UTF_8);
        Files.copy(REPOSITORY_CONFIG.resolve("artemis-roles.properties"), accounts.resolve("artemis-roles.properties"));
    }

    /** One broker of the pair: an instance of the stock distribution, run as its own process. */
    static final class Node {
        final String role;
        final Path instance;
        final Path log;
        Process process;

        private Node(String role, Path instance) {
            this.role = role;
            this.instance = instance;
            this.log = instance.resolveSibling(role + ".log");
        }

        /**
         * {@code artemis create}, then this repository's configuration in its etc/: broker.xml, the node's
         * broker.properties with this machine's ports appended, and data/ plus the accounts on the shared store.
         */
        static Node create(Path home, Path workDir, String role, int port, Path store) throws Exception {
            Path instance = workDir.resolve(role);
            Process create = new ProcessBuilder("bash", home.resolve("bin/artemis").toString(), "create", instance.toString(),
                    "--user", "admin", "--password", "admin", "--require-login", "--no-web", "--silent", "--nio",
                    "--no-autotune").redirectErrorStream(true).redirectOutput(workDir.resolve(role + "-create.log")
                            .toFile()).start();
            assertThat(create.waitFor(3, TimeUnit.MINUTES)).as("artemis create %s", role).isTrue();
            assertThat(create.exitValue()).as("artemis create %s: see %s", role, workDir).isZero();
            Path etc = instance.resolve("etc");
            Files.copy(REPOSITORY_CONFIG.resolve("broker.xml"), etc.resolve("broker.xml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String properties = Files.readString(REPOSITORY_CONFIG.resolve("broker-" + role + ".properties"))
                    + "\n# this test: the cluster password, and both nodes on 127.0.0.1 with ports of their own\n"
                    + "clusterPassword=pair-cluster-password\n"
                    + "acceptorConfigurations.artemis.params.host=127.0.0.1\n"
                    + "acceptorConfigurations.artemis.params.port=" + port + "\n"
                    + "connectorConfigurations.primary.params.host=127.0.0.1\n"
                    + "connectorConfigurations.primary.params.port=" + primaryPort + "\n"
                    + "connectorConfigurations.backup.params.host=127.0.0.1\n"
                    + "connectorConfigurations.backup.params.port=" + backupPort + "\n";
            Files.writeString(etc.resolve("broker.properties"), properties);
            for (String file : List.of("artemis-users.properties", "artemis-roles.properties")) {
                Files.delete(etc.resolve(file));
                Files.createSymbolicLink(etc.resolve(file), store.resolve("accounts").resolve(file));
            }
            deleteTree(instance.resolve("data"));
            Files.createSymbolicLink(instance.resolve("data"), store);
            // a small heap: two brokers and a hub share the machine
            Path profile = etc.resolve("artemis.profile");
            Files.writeString(profile, Files.readString(profile).replace("-Xms512M -Xmx2G", "-Xms64M -Xmx512M"));
            return new Node(role, instance);
        }

        void start() throws IOException {
            process = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run").directory(instance.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        void awaitLog(String code, Duration atMost) {
            await(role + " logs " + code).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(process.isAlive()).as("%s broker running (log %s)", role, log).isTrue();
                return Files.exists(log) && Files.readString(log).contains(code);
            });
        }

        /** SIGKILL: {@code bin/artemis} execs the JVM, so this is the broker itself. */
        void kill() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
