package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started with {@code java -jar} from a folder that has nothing of the project: it runs on
 * the routes and mappings it carries, an operator's folder replaces a route file by name, and a broken route
 * file stops start-up with a message naming the file and the line.
 */
class PackagedJarIT {

    @TempDir
    Path workDir;

    @Test
    void runsFromAnyFolderWithAnOperatorsRouteReplacingThePackagedOne() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("ops/routes"));
        Files.writeString(routes.resolve("outbox.yaml"), """
                - route:
                    id: outbox-dispatch-ops
                    description: the operator's own outbox schedule
                    from:
                      uri: timer:outbox-dispatch-ops
                      parameters: {period: 2000}
                      steps:
                        - bean: {ref: outboxDispatcher, method: drain}
                """);
        int port = freePort();
        Process hub = start(port, workDir.resolve("ops"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("ops:ops-pw".getBytes(StandardCharsets.UTF_8)))
                    .build();
            String body = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .ignoreException(java.net.ConnectException.class)
                    .until(() -> {
                        if (!hub.isAlive()) {
                            throw new IllegalStateException("the hub stopped:\n" + log());
                        }
                        return http.send(health, HttpResponse.BodyHandlers.ofString()).body();
                    }, b -> b.startsWith("{\"status\":\"UP\""));
            assertThat(body).contains("route:outbox-dispatch-ops").contains("route:project-approval-intake")
                    .doesNotContain("route:outbox-dispatch\"");
            assertThat(workDir.resolve("data/postgres")).isDirectory();
            assertThat(workDir.resolve("data/artemis")).isDirectory();
        } finally {
            stop(hub);
        }
    }

    @Test
    void aBrokenRouteFileStopsStartUpNamingFileAndLine() throws Exception {
        Path routes = Files.createDirectories(workDir.resolve("ops/routes"));
        Files.writeString(routes.resolve("outbox.yaml"), """
                - route:
                    id: outbox-dispatch
                    from:
                      uri: timer:outbox-dispatch
                      steps:
                        - bean: {ref: outboxDispatcher, method: drain
                """);
        Process hub = start(freePort(), workDir.resolve("ops"));
        try {
            // bounds, not expectations: on a loaded two-core machine the whole hub took over three minutes to start
            assertThat(hub.waitFor(6, TimeUnit.MINUTES)).as("start-up must fail").isTrue();
            assertThat(hub.exitValue()).isNotZero();
            assertThat(log()).contains(routes.resolve("outbox.yaml").toString()).containsPattern("line:? ?\\d+");
        } finally {
            stop(hub);
        }
    }

    @Test
    void theMappingDryRunNeedsNoServerDatabaseOrBroker() throws Exception {
        Path sample = Files.writeString(workDir.resolve("event.json"),
                Files.readString(Path.of("mappings/samples/project-approval/event-approved.json")));
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toString(), "mapping-test", "project-approval", sample.toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(workDir.resolve("hub.log").toFile())
                .start();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("the dry run must end by itself").isTrue();
        assertThat(run.exitValue()).as(log()).isZero();
        assertThat(log()).contains("\"department\" : \"ZJ\"").contains("\"PRIMARY\"");
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    private Process start(int port, Path configDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar().toString(),
                "--server.port=" + port,
                "--linkage.broker.port=" + freePort(),
                "--linkage.config-dir=" + configDir,
                "--linkage.security.users.ops.password=ops-pw",
                "--linkage.security.users.ops.roles=OPERATOR"));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("hub.log").toFile()).start();
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("hub.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void stop(Process hub) throws InterruptedException {
        hub.destroy();
        if (!hub.waitFor(60, TimeUnit.SECONDS)) {
            hub.descendants().forEach(ProcessHandle::destroyForcibly);
            hub.destroyForcibly();
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("linkage-hub-.*\\.jar")).findFirst()
                    .map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("run after 'package': no target/linkage-hub-*.jar"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
