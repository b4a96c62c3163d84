package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.demo.OnlineHallSimulator;
import org.linkagehub.ingest.OnlineHallProperties;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.ingest.hall.OnlineHallPoller;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.Queues;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Polling throughput of the online service hall, end to end on the embedded defaults: the simulator holds
 * {@code bench.cases} completed cases (default 20,000; the demo's mix of grants, refusals, withdrawals, persons,
 * shops and mistyped USCCs), and one walk reads them all — each page stored raw, mapped, and its decisions,
 * deliveries and outbox rows written — once per page size ({@code bench.page-sizes}, default 100 and 500). The
 * departments' own consumers read their queues over TCP; the table gives records/s of the walk and the time to
 * the last department message.
 *
 * <p>Run with {@code ./mvnw -B -o -Pbench test -Dtest=OnlineHallPollBench}. It asserts correctness only (every
 * case read, every planned delivery received once), never a speed; the table goes to stdout and to
 * {@code target/bench/online-hall-poll.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OnlineHallPollBench {

    private static final int CASES = Integer.getInteger("bench.cases", 20_000);
    private static final List<Integer> PAGE_SIZES = List.of(System.getProperty("bench.page-sizes", "100,500")
            .split(",")).stream().map(String::trim).map(Integer::valueOf).toList();
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 10));
    private static final List<String> DEPARTMENTS = List.of("SCJG", "JT", "WJ", "YJ");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static final int BROKER_PORT = freePort();
    private static final OnlineHallSimulator HALL = simulator();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", () -> dataDir.toString());
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.security.demo-credentials", () -> "true");
        registry.add("linkage.sources.online-hall.base-url", () -> HALL.baseUrl().toString());
        registry.add("linkage.sources.online-hall.token", HALL::token);
        registry.add("linkage.sources.online-hall.poll-interval", () -> "1h");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OutgoingHttp http;
    @Autowired
    OnlineHallProperties properties;
    @Autowired
    RawInputStore raw;
    @Autowired
    CamelContext camel;
    @Autowired
    SourceCursors cursors;
    @Autowired
    SourceMonitor monitor;
    @Autowired
    ObjectMapper json;

    private final List<Connection> departments = new ArrayList<>();
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastReceiveNanos = new AtomicLong();

    @Test
    void oneWalkOverTheWholeHallPerPageSize() throws Exception {
        for (String dept : DEPARTMENTS) {
            listen(dept);
        }
        List<String> rows = new ArrayList<>();
        int offset = 0;
        for (int pageSize : PAGE_SIZES) {
            rows.add(run(pageSize, offset));
            offset += CASES + 1_000;
        }
        String table = "Online hall poll → department queues (" + CASES + " cases per run; "
                + Runtime.getRuntime().availableProcessors() + " CPUs)\n"
                + "| page size | records | pages | walk s | records/s | decisions | deliveries | to last dept message s | dupl | lost |\n"
                + "|----------:|--------:|------:|-------:|----------:|----------:|-----------:|-----------------------:|-----:|-----:|\n"
                + String.join("\n", rows);
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "online-hall-poll.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    private String run(int pageSize, int offset) {
        HALL.clear();
        cursors.reset(OnlineHallPoller.SOURCE);
        LocalDateTime start = LocalDateTime.of(2026, 11, 27, 8, 0);
        List<Map<String, String>> cases = new ArrayList<>(CASES);
        for (int i = 1; i <= CASES; i++) {
            // three cases complete in each second: the cursor has to tell them apart
            String second = start.plusSeconds(i / 3).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"));
            cases.add(OnlineHallSimulator.newCase(offset + i, second));
        }
        HALL.complete(cases);
        Set<String> documents = ConcurrentHashMap.newKeySet();
        cases.forEach(c -> documents.add(c.get("PFWH")));
        received.clear();
        OnlineHallPoller poller = new OnlineHallPoller(withPageSize(pageSize), raw, cursors, monitor, json, http,
                camel);

        long t0 = System.nanoTime();
        OnlineHallPoller.Walk walk = poller.poll();
        long walked = System.nanoTime();

        assertThat(walk.outcome()).isEqualTo(OnlineHallPoller.Walk.Outcome.COMPLETE);
        assertThat(walk.records()).isEqualTo(CASES);
        long decisions = count("select count(*) from decision where document_number = any(?)", documents);
        long planned = count("select count(*) from delivery d join decision c on c.id = d.decision_id "
                + "where c.document_number = any(?)", documents);
        await("department messages, page size " + pageSize).atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> received.keySet().stream().filter(k -> documents.contains(k.split("\\|")[1])).count()
                        >= planned);
        long lastMessage = lastReceiveNanos.get();
        long seen = received.keySet().stream().filter(k -> documents.contains(k.split("\\|")[1])).count();
        assertThat(duplicates.get()).as("department messages seen twice").isZero();
        double walkSeconds = (walked - t0) / 1e9;
        return String.format(Locale.ROOT, "| %9d | %7d | %5d | %6.1f | %9.0f | %9d | %10d | %22.1f | %4d | %4d |",
                pageSize, walk.records(), walk.pages(), walkSeconds, walk.records() / walkSeconds, decisions, planned,
                (lastMessage - t0) / 1e9, duplicates.get(), planned - seen);
    }

    private OnlineHallProperties withPageSize(int pageSize) {
        return new OnlineHallProperties(properties.baseUrl(), properties.token(), properties.pollInterval(), pageSize,
                null, properties.timeout());
    }

    private long count(String sql, Set<String> documents) {
        return jdbc.execute((java.sql.Connection c) -> {
            try (var statement = c.prepareStatement(sql)) {
                statement.setArray(1, c.createArrayOf("text", documents.toArray()));
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void listen(String dept) throws JMSException {
        String user = dept.toLowerCase(Locale.ROOT);
        Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT)
                .createConnection(user, "demo-" + user);
        departments.add(connection);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.department(dept)));
        consumer.setMessageListener(message -> {
            try {
                JsonNode body = JSON.readTree(((TextMessage) message).getText());
                String key = body.path("deliveryId").asText() + "|" + body.path("documentNumber").asText();
                if (received.putIfAbsent(key, System.nanoTime()) != null) {
                    duplicates.incrementAndGet();
                }
                lastReceiveNanos.accumulateAndGet(System.nanoTime(), Math::max);
            } catch (JMSException | IOException e) {
                duplicates.incrementAndGet();
            }
        });
        connection.start();
    }

    @AfterEach
    void closeDepartments() {
        for (Connection c : departments) {
            try {
                c.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
    }

    @AfterAll
    static void stopHall() {
        HALL.close();
    }

    private static OnlineHallSimulator simulator() {
        try {
            return new OnlineHallSimulator("bench-hall-token", 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the broker", e);
        }
    }
}
