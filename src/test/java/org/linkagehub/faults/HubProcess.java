package org.linkagehub.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged hub as an operator runs it: {@code java -jar} in its own folder, started again after each fault with
 * the very same command, killed with SIGKILL or stopped with SIGTERM. Its output goes to {@code hub.log} there.
 */
final class HubProcess implements AutoCloseable {

    private final String name;
    private final Path workDir;
    private final List<String> command;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    HubProcess(String name, Path workDir, int httpPort, List<String> arguments) throws IOException {
        this.name = name;
        this.workDir = workDir;
        this.httpPort = httpPort;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar().toString(), "--server.port=" + httpPort));
        cmd.addAll(arguments);
        this.command = List.copyOf(cmd);
    }

    /** The plain start command, the same every time. */
    void start() throws IOException {
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("hub.log").toFile())).start();
    }

    /** Waits until readiness answers UP; how long that took from {@code since}. */
    Duration awaitReady(long sinceNanos, Duration atMost) {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
        await("the hub is ready").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the hub stopped (exit " + process.exitValue() + "):\n"
                                + tail());
                    }
                    return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    /** SIGKILL: the JVM gets no chance to stop anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL of the watchdog beside the JVM as well, as when a whole machine's processes die but the server's. */
    Optional<ProcessHandle> watchdog() {
        return process.children().filter(p -> p.info().arguments().map(List::of).orElse(List.of())
                .contains("linkage-postgres-watchdog")).findFirst();
    }

    /** SIGTERM, as a service manager stops it; the exit code. */
    int stop(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("the hub did not stop within " + atMost + " of SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    List<String> command() {
        return command;
    }

    String log() {
        try {
            return Files.readString(workDir.resolve("hub.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String tail() {
        String log = log();
        return log.substring(Math.max(0, log.length() - 6_000));
    }

    /** Stops the hub if it still runs, and keeps its log in {@code target/faults/} (the folder is a temporary one). */
    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            try {
                stop(Duration.ofMinutes(2));
            } catch (IllegalStateException e) {
                // killed instead
            }
        }
        try {
            Path kept = Path.of("target", "faults", name + "-hub.log");
            Files.createDirectories(kept.getParent());
            Files.copy(workDir.resolve("hub.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // no log to keep
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("linkage-hub-.*\\.jar")).findFirst()
                    .map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("run after 'package': no target/linkage-hub-*.jar"));
        }
    }
}
