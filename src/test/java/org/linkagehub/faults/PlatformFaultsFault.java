package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.demo.OnlineHallSimulator;

/**
 * A platform having a bad few minutes: the online service hall the packaged hub polls answers, in turn, HTTP 500,
 * nothing at all until the hub's timeout, and garbage (HTML where JSON belongs), while cases keep completing there.
 * When it behaves again the hub catches up by itself: the source turns UP and every department receives every case's
 * decision once. Fault suite only ({@code -Pfaults}); {@code -Dfaults.platform-outage} (PT3M).
 */
class PlatformFaultsFault {

    static final Duration OUTAGE = Duration.parse(System.getProperty("faults.platform-outage", "PT3M"));
    static final int CASES_PER_PHASE = Integer.getInteger("faults.platform-cases", 300);
    static final DateTimeFormatter BJSJ = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path workDir;

    @Test
    void theHubCatchesUpByItselfAfterAPlatformAnswers500sTimeoutsAndGarbage() throws Exception {
        int httpPort = HubProcess.freePort();
        int brokerPort = HubProcess.freePort();
        FaultReport report = new FaultReport("online hall answering 500s, timeouts and garbage for " + OUTAGE);
        ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor();
        try (OnlineHallSimulator hall = new OnlineHallSimulator("fault-hall-token", 0);
                Weather weather = new Weather(hall, late);
                HubProcess hub = new HubProcess("PlatformFaultsFault", workDir, httpPort, List.of(
                        "--linkage.broker.port=" + brokerPort,
                        "--linkage.security.demo-credentials=true",
                        "--linkage.demo.simulators=false",
                        "--linkage.intake.history-cut-over=2020-01-01",
                        "--linkage.sources.online-hall.base-url=" + weather.baseUrl(),
                        "--linkage.sources.online-hall.token=" + hall.token(),
                        "--linkage.sources.online-hall.poll-interval=2s",
                        "--linkage.sources.online-hall.timeout=3s",
                        "--linkage.intake.redelivery.initial-delay=1s",
                        "--linkage.intake.redelivery.maximum-redeliveries=2"))) {
            report.line("hub: %s", String.join(" ", hub.command()));
            hub.start();
            hub.awaitReady(System.nanoTime(), KillRecoveryIT.START);
            DepartmentSystems departments = new DepartmentSystems(brokerPort);
            Set<String> documents = new HashSet<>();
            int[] next = {1};

            documents.addAll(complete(hall, next, CASES_PER_PHASE));
            departments.awaitEveryDecision(documents, Duration.ofMinutes(3));

            weather.bad.set(true);
            long badFrom = System.nanoTime();
            // cases keep completing in the hall through the whole bad spell
            await("the bad spell").atMost(OUTAGE.plusMinutes(1)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                documents.addAll(complete(hall, next, CASES_PER_PHASE / 10));
                return System.nanoTime() - badFrom >= OUTAGE.toNanos();
            });
            weather.bad.set(false);
            long goodFrom = System.nanoTime();
            documents.addAll(complete(hall, next, CASES_PER_PHASE));

            HttpClient http = HttpClient.newHttpClient();
            HttpRequest sources = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/actuator/health/sources")).header("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8)))
                    .build();
            ObjectMapper json = new ObjectMapper();
            await("the source is UP again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonNode hallHealth = json.readTree(http.send(sources, HttpResponse.BodyHandlers.ofString())
                                .body()).path("components").path("platforms").path("components").path("online-hall");
                        return "UP".equals(hallHealth.path("status").asText());
                    });
            double upAfter = (System.nanoTime() - goodFrom) / 1e9;
            departments.awaitEveryDecision(documents, Duration.ofMinutes(5));
            double caughtUpAfter = (System.nanoTime() - goodFrom) / 1e9;
            departments.awaitQuiet();
            report.line("the hall's answers while bad: %s; %d cases in all", weather.badAnswers, documents.size());
            report.line("after the hall behaved again: source UP in %.1f s, every decision delivered in %.1f s", upAfter,
                    caughtUpAfter);
            departments.report(report, documents);
            departments.close();
            report.print();

            assertThat(weather.badAnswers).as("each kind of bad answer was given").containsKeys("500", "timeout",
                    "garbage");
            departments.assertEachDecisionOnce(documents);
        } finally {
            late.shutdownNow();
        }
    }

    /** Completes {@code count} granted cases of the matter ZJ supervises with YJ assisting; their document numbers. */
    private static List<String> complete(OnlineHallSimulator hall, int[] next, int count) {
        List<Map<String, String>> cases = new ArrayList<>();
        String now = LocalDateTime.now().format(BJSJ);
        while (cases.size() < count) {
            int n = next[0]++;
            if (n % 7 == 0 || n % 13 == 0 || n % 9 == 0) {
                continue; // refusals, withdrawals and register slips: not decisions a department receives
            }
            Map<String, String> c = OnlineHallSimulator.newCase(n, now);
            c.put("SXBM", "640200-SPJ-ZJ-0008");
            c.put("SXMC", "建筑工程施工许可证核发");
            cases.add(c);
        }
        hall.complete(cases);
        return cases.stream().map(c -> c.get("PFWH")).toList();
    }

    /** In front of the hall: passes requests through, or while {@link #bad}, answers 500, nothing, or garbage. */
    static final class Weather implements AutoCloseable {

        final AtomicBoolean bad = new AtomicBoolean();
        final Map<String, AtomicInteger> badAnswers = new ConcurrentSkipListMap<>();
        private final OnlineHallSimulator hall;
        private final ScheduledExecutorService late;
        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();
        private final AtomicInteger turn = new AtomicInteger();

        Weather(OnlineHallSimulator hall, ScheduledExecutorService late) throws IOException {
            this.hall = hall;
            this.late = late;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::answer);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void answer(HttpExchange exchange) throws IOException {
            if (!bad.get()) {
                pass(exchange);
                return;
            }
            switch (turn.getAndIncrement() % 3) {
                case 0 -> {
                    badAnswers.computeIfAbsent("500", k -> new AtomicInteger()).incrementAndGet();
                    send(exchange, 500, OnlineHallSimulator.BUSY);
                }
                case 1 -> {
                    badAnswers.computeIfAbsent("timeout", k -> new AtomicInteger()).incrementAndGet();
                    // answered long after the hub's 3 s timeout, if the hub is still listening
                    late.schedule(() -> send(exchange, 200, "{\"code\":\"200\"}"), 10, TimeUnit.SECONDS);
                }
                default -> {
                    badAnswers.computeIfAbsent("garbage", k -> new AtomicInteger()).incrementAndGet();
                    send(exchange, 200, "<html><body><h1>502 Bad Gateway</h1></body></html>");
                }
            }
        }

        private void pass(HttpExchange exchange) throws IOException {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hall.baseUrl()
                        + exchange.getRequestURI().toString()))
                        .header("X-Access-Token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Access-Token")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                send(exchange, response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 502, "");
            }
        }

        private static void send(HttpExchange exchange, int status, String body) {
            try (exchange) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (IOException e) {
                // the hub gave up waiting
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
