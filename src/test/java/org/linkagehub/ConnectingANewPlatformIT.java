package org.linkagehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks README.md's "Connecting a new platform" against the packaged jar, as an IT team would: it writes the
 * operator's folder from the tutorial's own blocks (read between the {@code tutorial} markers, so the tutorial
 * cannot rot), runs its dry run, starts the jar with its settings, drops its sample and finds the decision with the
 * declared {@code source.system}, routed by the added row, and the source in the health and the metrics.
 */
class ConnectingANewPlatformIT {

    private static final Pattern FILE = Pattern.compile(
            "<!-- tutorial-(file|append): (\\S+) -->\\n```\\w*\\n(.*?)```\\n<!-- /tutorial -->", Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- tutorial-(settings|command: [a-z-]+) -->\\n```\\w*\\n(.*?)```\\n<!-- /tutorial -->", Pattern.DOTALL);
    private static final String JAR = "java -jar linkage-hub.jar ";

    @TempDir
    Path workDir;

    @Test
    void theTutorialConnectsAPlatformWithFilesOnly() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Path ops = workDir.resolve("ops");
        Matcher files = FILE.matcher(readme);
        int written = 0;
        while (files.find()) {
            Path target = ops.resolve(files.group(2));
            Files.createDirectories(target.getParent());
            // an appended block goes at the end of a copy of the jar's file, as the tutorial says
            String before = files.group(1).equals("append") ? Files.readString(Path.of(files.group(2))) : "";
            Files.writeString(target, before + files.group(3));
            written++;
        }
        assertThat(written).as("route, mapping, sample and routing row").isEqualTo(4);
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher block = BLOCK.matcher(readme);
        while (block.find()) {
            blocks.put(block.group(1), block.group(2));
        }
        assertThat(blocks).containsOnlyKeys("settings", "command: dry-run", "command: start");

        List<String> dryRun = command(blocks.get("command: dry-run").strip());
        Process run = new ProcessBuilder(dryRun).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("dry-run.log").toFile()).start();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("the dry run must end by itself").isTrue();
        String printed = Files.readString(workDir.resolve("dry-run.log"));
        assertThat(run.exitValue()).as(printed).isZero();
        assertThat(printed).contains("\"system\" : \"FOREST\"").contains("\"department\" : \"NY\"")
                .contains("\"clean\" : true");

        String[] start = blocks.get("command: start").strip().split("\n");
        List<String> hubCommand = command(start[0].replaceAll("#.*", "").strip());
        for (String setting : blocks.get("settings").strip().split("\n")) {
            hubCommand.add("--" + setting.strip());
        }
        int port = freePort();
        hubCommand.addAll(List.of("--server.port=" + port, "--linkage.broker.port=" + freePort(),
                "--linkage.security.users.ops.password=ops-pw", "--linkage.security.users.ops.roles=OPERATOR"));
        hubCommand.add(2, "-Xmx512m");
        Process hub = new ProcessBuilder(hubCommand).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("hub.log").toFile()).start();
        try {
            String health = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .ignoreException(java.net.ConnectException.class)
                    .until(() -> get(hub, port, "/actuator/health"), b -> b.startsWith("{\"status\":\"UP\""));
            assertThat(health).contains("route:forest-inbox");

            String[] copy = start[1].strip().split("\\s+");
            assertThat(copy[0]).isEqualTo("cp");
            Path sample = workDir.resolve(copy[1]);
            Path inbox = Files.createDirectories(workDir.resolve(copy[2]));
            // copied in whole: written as .part first and renamed, as the platform does
            Path part = inbox.resolve(sample.getFileName() + ".part");
            Files.copy(sample, part);
            Files.move(part, inbox.resolve(sample.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);

            ObjectMapper json = new ObjectMapper();
            String query = "/api/v1/decisions?documentNumber="
                    + URLEncoder.encode("石林采〔2026〕15号", StandardCharsets.UTF_8);
            JsonNode found = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> json.readTree(get(hub, port, query)), n -> n.path("total").asInt() == 1);
            JsonNode decision = found.path("items").get(0);
            assertThat(decision.toString()).contains("\"system\":\"FOREST\"").contains("\"department\":\"NY\"")
                    .contains("\"name\":\"forest\"");
            try (Stream<Path> done = Files.list(inbox.resolve(".done"))) {
                assertThat(done.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.endsWith("-" + sample.getFileName()));
            }
            assertThat(inbox.resolve(sample.getFileName().toString())).doesNotExist();

            // the group holds one member, the platforms, and each source is a member of that
            JsonNode forest = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> json.readTree(get(hub, port, "/actuator/health/sources")).path("components")
                            .path("platforms").path("components").path("forest"),
                            n -> n.path("details").path("records").asInt() == 1);
            assertThat(forest.path("status").asText()).isEqualTo("UP");
            String metrics = get(hub, port, "/actuator/prometheus");
            String forestSeries = metrics.lines().filter(l -> l.contains("forest") || l.contains("FOREST"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertThat(metrics.lines().filter(l -> l.startsWith("linkage_source_records_total")
                    && l.contains("source=\"forest\""))).as(forestSeries).singleElement().asString().endsWith(" 1.0");
            // tagged with the source's name, as every linkage_* series (the system is the decision's own field)
            assertThat(metrics.lines().filter(l -> l.startsWith("linkage_decisions_total")
                    && l.contains("source=\"forest\""))).as(forestSeries).singleElement().asString().endsWith(" 1.0");
            assertThat(metrics.lines().filter(l -> l.startsWith("linkage_source_city_records")
                    && l.contains("source=\"forest\""))).as(forestSeries).singleElement().asString().endsWith(" 1.0");
        } catch (AssertionError | RuntimeException e) {
            // the hub's own account of what went wrong, kept beyond the temporary folder
            Files.copy(workDir.resolve("hub.log"), Path.of("target", "ConnectingANewPlatformIT-hub.log"),
                    StandardCopyOption.REPLACE_EXISTING);
            throw e;
        } finally {
            hub.destroy();
            if (!hub.waitFor(60, TimeUnit.SECONDS)) {
                hub.descendants().forEach(ProcessHandle::destroyForcibly);
                hub.destroyForcibly();
            }
        }
    }

    /** The tutorial's {@code java -jar linkage-hub.jar …} line with this JVM and the jar the build made. */
    private static List<String> command(String line) throws IOException {
        assertThat(line).startsWith(JAR);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(Arrays.asList(line.substring(JAR.length()).strip().split("\\s+")));
        return command;
    }

    private String get(Process hub, int port, String path) throws IOException, InterruptedException {
        if (!hub.isAlive()) {
            throw new IllegalStateException("the hub stopped:\n" + Files.readString(workDir.resolve("hub.log")));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("ops:ops-pw".getBytes(StandardCharsets.UTF_8)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
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
