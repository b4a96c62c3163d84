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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
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
 * Throughput and latency of the hub's first flow on its embedded defaults: signed project-approval webhook
 * → canonical decision → PostgreSQL outbox → Artemis department queues, read by real department consumers
 * (plain JMS over the broker's TCP acceptor, logged in as the department's broker user).
 *
 * <p>Not part of {@code ./mvnw verify}: the class name ends in {@code Bench}, which the default surefire
 * includes do not match. Run it with {@code ./mvnw -Pbench test} (optionally {@code -Dbench.events=20000
 * -Dbench.clients=8 -Dbench.warmup=300}). It asserts correctness only (every POST answered 200
 * {@code code 0 / ACCEPTED}, no delivery lost, none seen twice), never a speed; the table goes to stdout and
 * to {@code target/bench/webhook-to-queue.txt}.
 *
 * <p>Each event is an APPROVED 建筑工程施工许可证核发 ({@code 640200-SPJ-ZJ-0008}), routed to ZJ (PRIMARY) and
 * YJ (ASSIST): two deliveries per decision.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebhookToQueueBench {

    private static final String SECRET = "bench-secret";
    private static final Map<String, String> EXPECTED_ROLE = BenchSupport.EXPECTED_ROLE;
    private static final int DELIVERIES_PER_EVENT = EXPECTED_ROLE.size();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int EVENTS = Integer.getInteger("bench.events", 5_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 300);
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 5));

    @TempDir
    static Path dataDir;
    private static final int BROKER_PORT = BenchSupport.freePort();

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

    private final String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    private final List<Connection> departmentConnections = new ArrayList<>();
    /** What the department consumers saw, for whichever phase is current. */
    private volatile Phase phase;

    @Test
    void signedWebhookToDepartmentQueues() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI target = URI.create("http://127.0.0.1:" + httpPort + "/ingest/project-approval");
        for (String dept : EXPECTED_ROLE.keySet()) {
            listen(dept);
        }

        Phase warmup = runPhase("W", WARMUP, http, target);
        assertCorrect(warmup);

        Phase measured = runPhase("M", EVENTS, http, target);
        table(measured);
        assertCorrect(measured);
    }

    @AfterEach
    void closeDepartments() {
        for (Connection c : departmentConnections) {
            try {
                c.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
    }

    /** Sends {@code events} signed events with {@link #CLIENTS} closed-loop clients, then awaits every delivery. */
    private Phase runPhase(String tag, int events, HttpClient http, URI target) throws Exception {
        Phase p = new Phase(tag, events);
        phase = p;
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        System.out.printf("bench phase %s: %d events, %d clients, started %s%n", tag, events, CLIENTS,
                java.time.Instant.now());
        p.cpuBefore = CpuSnapshot.take(dataDir);
        p.startNanos = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            Thread t = new Thread(() -> {
                Histogram local = new Histogram(3);
                int i;
                while ((i = next.getAndIncrement()) < events) {
                    send(p, http, target, today, i, local);
                }
                synchronized (p.httpMicros) {
                    p.httpMicros.add(local);
                }
            }, "bench-client-" + tag + c);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join(DEADLINE.toMillis());
        }
        p.httpDoneNanos = System.nanoTime();
        // every accepted decision's deliveries arrive, the outbox is empty, and nothing more comes for a second
        // (a copy re-sent by the outbox would show up as a duplicate); a timeout still prints the table
        try {
            await("deliveries of phase " + tag).atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> p.unique.size() >= (long) p.accepted.get() * DELIVERIES_PER_EVENT);
            await("outbox drained after phase " + tag).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> outboxBacklog() == 0);
            long[] last = {-1};
            await("no late copies after phase " + tag).atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long now = p.received.get() + p.strays.get();
                        boolean quiet = now == last[0];
                        last[0] = now;
                        return quiet;
                    });
        } catch (ConditionTimeoutException e) {
            p.failures.add("phase " + tag + " timed out: " + e.getMessage());
        }
        p.cpuAfter = CpuSnapshot.take(dataDir);
        System.out.printf("bench phase %s: ended %s%n", tag, java.time.Instant.now());
        return p;
    }

    private void send(Phase p, HttpClient http, URI target, LocalDate today, int i, Histogram httpMicros) {
        String number = BenchSupport.documentNumber(today, p.tag + run, i);
        try {
            HttpRequest request = BenchSupport.signedPost(target, SECRET,
                    BenchSupport.approvedEvent(today, p.tag + run, i, number));
            long start = System.nanoTime();
            p.sentAt.put(number, start);
            p.sentWallMillis.put(number, System.currentTimeMillis());
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            p.answeredAt.put(number, done);
            httpMicros.recordValue(Math.max(0, (done - start) / 1_000));
            p.responded.incrementAndGet();
            JsonNode answer = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (answer != null && answer.path("code").asInt(-1) == 0
                    && "ACCEPTED".equals(answer.path("outcome").asText())) {
                p.accepted.incrementAndGet();
            } else {
                p.failedPosts.incrementAndGet();
                p.failures.add(number + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.failedPosts.incrementAndGet();
            p.failures.add(number + ": interrupted");
        } catch (IOException | RuntimeException e) {
            p.responded.incrementAndGet();
            p.failedPosts.incrementAndGet();
            p.failures.add(number + ": " + e);
        }
    }

    /** A department's own system: its broker user, its queue, over TCP. */
    private void listen(String dept) throws JMSException {
        Connection connection = BenchSupport.departmentConnection(BROKER_PORT, dept);
        departmentConnections.add(connection);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.department(dept)));
        consumer.setMessageListener(message -> onDelivery(dept, message));
        connection.start();
    }

    private void onDelivery(String dept, Message message) {
        long now = System.nanoTime();
        Phase p = phase;
        try {
            JsonNode body = JSON.readTree(((TextMessage) message).getText());
            String deliveryId = body.path("deliveryId").asText(null);
            String number = body.path("documentNumber").asText(null);
            String role = body.path("role").asText(null);
            Long sent = number == null ? null : p.sentAt.get(number);
            if (sent == null || deliveryId == null) {
                p.strays.incrementAndGet();
                return;
            }
            p.received.incrementAndGet();
            if (p.unique.putIfAbsent(deliveryId, now) != null) {
                p.duplicates.incrementAndGet();
                return;
            }
            if (!EXPECTED_ROLE.get(dept).equals(role)) {
                p.wrongRole.incrementAndGet();
            }
            p.perDocument.computeIfAbsent(number, k -> new AtomicInteger()).incrementAndGet();
            synchronized (p.endToEndMicros) {
                p.endToEndMicros.recordValue(Math.max(0, (now - sent) / 1_000));
                Long answered = p.answeredAt.get(number);
                if (answered != null) {
                    p.afterAnswerMicros.recordValue(Math.max(0, (now - answered) / 1_000));
                }
                // JMSTimestamp is when the hub's outbox handed the message to the broker: splits the hub's share
                // of the latency from the broker's and the department consumer's
                Long wall = p.sentWallMillis.get(number);
                if (wall != null && message.getJMSTimestamp() > 0) {
                    p.toBrokerMicros.recordValue(Math.max(0, (message.getJMSTimestamp() - wall) * 1_000));
                }
            }
            p.lastReceiveNanos.accumulateAndGet(now, Math::max);
        } catch (JMSException | IOException | RuntimeException e) {
            p.strays.incrementAndGet();
        }
    }

    private long outboxBacklog() {
        Long n = jdbc.queryForObject("select count(*) from outbox", Long.class);
        return n == null ? 0 : n;
    }

    private static void assertCorrect(Phase p) {
        long expected = (long) p.events * DELIVERIES_PER_EVENT;
        assertThat(p.failures.stream().limit(20).toList())
                .as(p.failures.size() + " POSTs not answered 200 {code:0, outcome:ACCEPTED}, or a timeout, in phase "
                        + p.tag)
                .isEmpty();
        assertThat(p.accepted.get()).as("accepted decisions in phase " + p.tag).isEqualTo(p.events);
        assertThat(p.duplicates.get()).as("deliveries seen twice in phase " + p.tag).isZero();
        assertThat(expected - p.unique.size()).as("deliveries lost in phase " + p.tag).isZero();
        assertThat(p.wrongRole.get()).as("deliveries with the wrong role in phase " + p.tag).isZero();
        assertThat(p.perDocument).as("documents with both departments' deliveries in phase " + p.tag)
                .hasSize(p.events).allSatisfy((k, v) -> assertThat(v.get()).isEqualTo(DELIVERIES_PER_EVENT));
        assertThat(p.strays.get()).as("unexpected messages in phase " + p.tag).isZero();
    }

    private static String table(Phase p) throws IOException {
        long expected = (long) p.events * DELIVERIES_PER_EVENT;
        Histogram httpMicros = new Histogram(3);
        p.httpMicros.forEach(httpMicros::add);
        double ingestSeconds = (p.httpDoneNanos - p.startNanos) / 1e9;
        long end = Math.max(p.lastReceiveNanos.get(), p.httpDoneNanos);
        double wallSeconds = (end - p.startNanos) / 1e9;
        Map<String, String> row = new LinkedHashMap<>();
        row.put("events", Integer.toString(p.events));
        row.put("clients", Integer.toString(CLIENTS));
        row.put("deliveries", p.unique.size() + "/" + expected);
        row.put("dupl", Long.toString(p.duplicates.get()));
        row.put("lost", Long.toString(expected - p.unique.size()));
        row.put("http s", String.format(Locale.ROOT, "%.1f", ingestSeconds));
        row.put("wall s", String.format(Locale.ROOT, "%.1f", wallSeconds));
        row.put("decisions/s", String.format(Locale.ROOT, "%.0f", p.accepted.get() / ingestSeconds));
        row.put("deliveries/s", String.format(Locale.ROOT, "%.0f", p.unique.size() / wallSeconds));
        row.put("http p50", BenchSupport.ms(httpMicros.getValueAtPercentile(50)));
        row.put("http p99", BenchSupport.ms(httpMicros.getValueAtPercentile(99)));
        row.put("e2e p50", BenchSupport.ms(p.endToEndMicros.getValueAtPercentile(50)));
        row.put("e2e p99", BenchSupport.ms(p.endToEndMicros.getValueAtPercentile(99)));
        row.put("e2e max", BenchSupport.ms(p.endToEndMicros.getMaxValue()));
        row.put("POST→broker p50", BenchSupport.ms(p.toBrokerMicros.getValueAtPercentile(50)));
        row.put("POST→broker p99", BenchSupport.ms(p.toBrokerMicros.getValueAtPercentile(99)));
        row.put("200→queue p50", BenchSupport.ms(p.afterAnswerMicros.getValueAtPercentile(50)));
        row.put("200→queue p99", BenchSupport.ms(p.afterAnswerMicros.getValueAtPercentile(99)));
        return BenchSupport.table("Webhook → department queue (ms; e2e = POST start → department consumer receives; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, warm-up " + WARMUP + " events)", row,
                p.cpuAfter.minus(p.cpuBefore, p.events, wallSeconds), "webhook-to-queue.txt");
    }

    /** One batch of events and everything the department consumers saw of it. */
    private static final class Phase {
        final String tag;
        final int events;
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final Map<String, Long> unique = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> perDocument = new ConcurrentHashMap<>();
        final List<Histogram> httpMicros = new ArrayList<>();
        final Histogram endToEndMicros = new Histogram(3);
        final Histogram afterAnswerMicros = new Histogram(3);
        final Histogram toBrokerMicros = new Histogram(3);
        final Map<String, Long> sentWallMillis = new ConcurrentHashMap<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger responded = new AtomicInteger();
        final AtomicInteger failedPosts = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong wrongRole = new AtomicLong();
        final AtomicLong strays = new AtomicLong();
        final AtomicLong lastReceiveNanos = new AtomicLong();
        volatile CpuSnapshot cpuBefore;
        volatile CpuSnapshot cpuAfter;
        volatile long startNanos;
        volatile long httpDoneNanos;

        Phase(String tag, int events) {
            this.tag = tag;
            this.events = events;
        }
    }
}
