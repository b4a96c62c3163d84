package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Queues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole loop, end to end: signed webhook → decision → outbox → department queues → the departments' own
 * consumers (ZJ and YJ, over TCP as their broker users), each of which signs for every delivery by REST
 * ({@code POST /api/v1/deliveries/{id}/receipt} with its department token) as a department's system would.
 * Measures decisions per second delivered AND receipted (both departments' receipts answered 200) and the
 * latency from the webhook POST to the last receipt of its decision; counts lost and duplicated deliveries.
 *
 * <p>Run with {@code ./mvnw -Pbench test -Dtest=DeliverAndReceiptBench} ({@code -Dbench.events=2000
 * -Dbench.clients=8 -Dbench.consumers=4 -Dbench.warmup=200}); asserts correctness only, never a speed. The table
 * goes to stdout and {@code target/bench/deliver-and-receipt.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeliverAndReceiptBench {

    private static final String SECRET = "bench-secret";
    private static final int EVENTS = Integer.getInteger("bench.events", 2_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int CONSUMERS = Integer.getInteger("bench.consumers", 4);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 5));
    private static final int PER_EVENT = BenchSupport.EXPECTED_ROLE.size();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BROKER_PORT = BenchSupport.freePort();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", () -> dataDir.toString());
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.security.demo-credentials", () -> "true");
    }

    @LocalServerPort
    int httpPort;
    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<Connection> connections = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Phase phase;

    @Test
    void webhookToSignedReceipts() throws Exception {
        for (String dept : BenchSupport.EXPECTED_ROLE.keySet()) {
            Connection connection = BenchSupport.departmentConnection(BROKER_PORT, dept);
            connections.add(connection);
            for (int c = 0; c < CONSUMERS; c++) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createConsumer(session.createQueue(Queues.department(dept)))
                        .setMessageListener(m -> onDelivery(dept, m));
            }
            connection.start();
        }
        assertCorrect(runPhase("W" + run, WARMUP));
        Phase measured = runPhase("M" + run, EVENTS);
        table(measured);
        assertCorrect(measured);
        assertThat(jdbc.queryForObject("""
                select count(*) from delivery d join decision c on c.id = d.decision_id
                where c.document_number like ? and d.status = 'SIGNED'""", Integer.class, "%〕M" + run + "-%"))
                .as("deliveries SIGNED in the database").isEqualTo(EVENTS * PER_EVENT);
    }

    @AfterEach
    void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
    }

    private Phase runPhase(String tag, int events) throws Exception {
        Phase p = new Phase(tag, events);
        phase = p;
        URI target = URI.create("http://127.0.0.1:" + httpPort + "/ingest/project-approval");
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        p.cpuBefore = CpuSnapshot.take(dataDir);
        p.startNanos = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < events) {
                    post(p, target, today, i);
                }
            }, "bench-client-" + tag + c);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join(DEADLINE.toMillis());
        }
        try {
            await("receipts of phase " + tag).atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> p.receipted.size() >= (long) p.accepted.get() * PER_EVENT);
            long[] last = {-1};
            await("no late copies after phase " + tag).atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long now = p.received.get();
                        boolean quiet = now == last[0];
                        last[0] = now;
                        return quiet;
                    });
        } catch (ConditionTimeoutException e) {
            p.failures.add("phase " + tag + " timed out: " + e.getMessage());
        }
        p.cpuAfter = CpuSnapshot.take(dataDir);
        return p;
    }

    private void post(Phase p, URI target, LocalDate today, int i) {
        String number = BenchSupport.documentNumber(today, p.tag, i);
        try {
            HttpRequest request = BenchSupport.signedPost(target, SECRET,
                    BenchSupport.approvedEvent(today, p.tag, i, number));
            p.sentAt.put(number, System.nanoTime());
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (answer != null && "ACCEPTED".equals(answer.path("outcome").asText())) {
                p.accepted.incrementAndGet();
            } else {
                p.failures.add(number + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.failures.add(number + ": interrupted");
        } catch (IOException | RuntimeException e) {
            p.failures.add(number + ": " + e);
        }
    }

    /** A department's system: signs for what it receives, then counts it as done when the hub answers 200. */
    private void onDelivery(String dept, Message message) {
        Phase p = phase;
        try {
            JsonNode body = JSON.readTree(((TextMessage) message).getText());
            String deliveryId = body.path("deliveryId").asText(null);
            String number = body.path("documentNumber").asText();
            Long sent = p.sentAt.get(number);
            if (deliveryId == null || sent == null) {
                p.strays.incrementAndGet();
                return;
            }
            p.received.incrementAndGet();
            if (!p.seen.add(deliveryId)) {
                p.duplicates.incrementAndGet();
                return;
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/api/v1/deliveries/" + deliveryId + "/receipt"))
                    .header("Authorization", "Bearer demo-" + dept.toLowerCase(Locale.ROOT))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"SIGNED\",\"signedBy\":\"bench\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            if (answer.statusCode() != 200) {
                p.failures.add(deliveryId + ": receipt answered " + answer.statusCode() + " " + answer.body());
                return;
            }
            p.receipted.put(deliveryId, done);
            if (p.receiptsPerDocument.computeIfAbsent(number, k -> new AtomicInteger()).incrementAndGet() == PER_EVENT) {
                synchronized (p.endToEndMicros) {
                    p.endToEndMicros.recordValue(Math.max(0, (done - sent) / 1_000));
                }
            }
            p.lastReceiptNanos.accumulateAndGet(done, Math::max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JMSException | IOException | RuntimeException e) {
            p.failures.add("consumer " + dept + ": " + e);
        }
    }

    private static void assertCorrect(Phase p) {
        assertThat(p.failures.stream().limit(20).toList()).as(p.failures.size() + " failures in " + p.tag).isEmpty();
        assertThat(p.accepted.get()).isEqualTo(p.events);
        assertThat(p.duplicates.get()).as("deliveries seen twice").isZero();
        assertThat((long) p.events * PER_EVENT - p.receipted.size()).as("deliveries lost or not receipted").isZero();
        assertThat(p.strays.get()).as("unexpected messages").isZero();
    }

    private static void table(Phase p) throws IOException {
        long expected = (long) p.events * PER_EVENT;
        double wallSeconds = (p.lastReceiptNanos.get() - p.startNanos) / 1e9;
        Map<String, String> row = new LinkedHashMap<>();
        row.put("events", Integer.toString(p.events));
        row.put("clients", Integer.toString(CLIENTS));
        row.put("consumers/dept", Integer.toString(CONSUMERS));
        row.put("receipted", p.receipted.size() + "/" + expected);
        row.put("lost", Long.toString(expected - p.seen.size()));
        row.put("dupl", Long.toString(p.duplicates.get()));
        row.put("wall s", String.format(Locale.ROOT, "%.1f", wallSeconds));
        row.put("decisions/s e2e", String.format(Locale.ROOT, "%.0f",
                p.receiptsPerDocument.values().stream().filter(n -> n.get() == PER_EVENT).count() / wallSeconds));
        row.put("receipts/s", String.format(Locale.ROOT, "%.0f", p.receipted.size() / wallSeconds));
        row.put("e2e p50", BenchSupport.ms(p.endToEndMicros.getValueAtPercentile(50)));
        row.put("e2e p90", BenchSupport.ms(p.endToEndMicros.getValueAtPercentile(90)));
        row.put("e2e p99", BenchSupport.ms(p.endToEndMicros.getValueAtPercentile(99)));
        row.put("e2e max", BenchSupport.ms(p.endToEndMicros.getMaxValue()));
        BenchSupport.table("Webhook → queue → department signs by REST (ms; e2e = POST start → both departments' "
                + "receipts answered 200; " + Runtime.getRuntime().availableProcessors() + " CPUs, warm-up " + WARMUP
                + " events)", row, p.cpuAfter.minus(p.cpuBefore, p.events, wallSeconds), "deliver-and-receipt.txt");
    }

    /** One batch of events and what the departments did with them. */
    private static final class Phase {
        final String tag;
        final int events;
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
        final Map<String, Long> receipted = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> receiptsPerDocument = new ConcurrentHashMap<>();
        final Histogram endToEndMicros = new Histogram(3);
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong strays = new AtomicLong();
        final AtomicLong lastReceiptNanos = new AtomicLong();
        volatile CpuSnapshot cpuBefore;
        volatile CpuSnapshot cpuAfter;
        volatile long startNanos;

        Phase(String tag, int events) {
            this.tag = tag;
            this.events = events;
        }
    }
}
