package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.market.MarketSupervisionPoller;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.Queues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The benchmark that tells the truth (issue 17, item 1): one run, one hub, one table, every hub figure beside the
 * ceiling of the same machine's infrastructure measured in the same run with the hub's own settings.
 * <ol>
 * <li><b>(a) ceiling</b>: persistent 2 KB JMS sends to the hub's own embedded broker (its journal, its in-VM
 * connection factory, several producers, not transacted: each send waits for the journal's sync); in the hub's own
 * embedded PostgreSQL, decision-shaped transactions (a 2 KB jsonb decision and two delivery rows, 16 clients) and
 * batched inserts (100 decisions and their 200 deliveries a transaction), in a scratch schema dropped afterwards.
 * The run stops unless PostgreSQL reports {@code fsync} and {@code synchronous_commit} on: a figure with durability
 * off is not reported.</li>
 * <li><b>(b) end to end</b>: signed webhook → raw → canonical → outbox → ZJ's and YJ's queues (matter
 * {@value BenchSupport#MATTER}) → the departments' own consumers over TCP, which sign each delivery by queue
 * ({@code linkage.receipts.<CODE>}, {@code {"deliveryId","status":"SIGNED"}}). The clock stops only when every
 * delivery of the phase is SIGNED in the database (one count query) and the hub's delivery tracking has caught up
 * (tracking queue and {@code queue_message} empty). A warm-up first, then saturation (closed loop, N clients),
 * then open loops at fixed offered rates, their latency measured from each request's scheduled time (no
 * coordinated omission).</li>
 * <li><b>(c) backfill</b>: N historical decisions read from the market-supervision view, until the outbox is
 * empty (they go to SCJG, whose queue nobody reads here).</li>
 * <li><b>(d) console pages</b> with decisions seeded by SQL up to a total, p50/p99 per page.</li>
 * <li><b>(e) receipts</b> alone: decisions delivered while the departments hold their receipts back, then every
 * receipt sent by queue at once, timed until all are SIGNED in the database (run after the open loops).</li>
 * </ol>
 * For each phase: CPU per decision of this JVM (and the share of the benchmark's own client threads in it) and of
 * the PostgreSQL processes, the heap's highest use. Run with {@code ./mvnw -B -o -Pbench test -Dtest=FastPathBench};
 * the table goes to stdout and to {@code target/bench/fast-path.txt} and {@code .csv}, the saturation phase's SQL
 * profile to {@code fast-path-saturation-sql.txt}; with {@code -Dbench.cpu-profile=true} a CPU profile of it too
 * ({@code -cpu.txt}, from the Flight Recorder, whose cost makes that run's figures slower than the hub). It fails
 * on any lost or duplicated delivery, on any refused webhook, and on a timeout; it never asserts a speed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FastPathBench {

    private static final String SECRET = "bench-secret";
    private static final int PER_DECISION = BenchSupport.EXPECTED_ROLE.size();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String WARMUP = System.getProperty("bench.warmup", "60s");
    private static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int CONSUMERS = Integer.getInteger("bench.consumers", 4);
    private static final List<Integer> RATES = parseRates(System.getProperty("bench.rates", "50,200,1000"));
    private static final int OPEN_SECONDS = Integer.getInteger("bench.open-seconds", 15);
    private static final int OPEN_SENDERS = Integer.getInteger("bench.open-senders", 200);
    private static final int CEILING_SECONDS = Integer.getInteger("bench.ceiling-seconds", 10);
    private static final int BROKER_PRODUCERS = Integer.getInteger("bench.broker-producers", 8);
    private static final int PG_CLIENTS = Integer.getInteger("bench.pg-clients", 16);
    private static final int PG_BATCH = Integer.getInteger("bench.pg-batch", 100);
    private static final int PG_BATCH_CLIENTS = Integer.getInteger("bench.pg-batch-clients", 4);
    private static final int BACKFILL = Integer.getInteger("bench.backfill", 50_000);
    private static final int BACKFILL_BATCH = Integer.getInteger("bench.backfill-batch", 2_000);
    private static final int RECEIPT_DECISIONS = Integer.getInteger("bench.receipt-decisions", 10_000);
    private static final int RECEIPT_SENDERS = Integer.getInteger("bench.receipt-senders", 2);
    private static final int RECEIPT_TX = Integer.getInteger("bench.receipt-tx", 100);
    private static final int CONSOLE_DECISIONS = Integer.getInteger("bench.console-decisions", 100_000);
    private static final int CONSOLE_REQUESTS = Integer.getInteger("bench.requests", 20);
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 10));
    /**
     * Flight Recorder during saturation (CpuProfile), off unless asked for: with its profile settings on two cores the
     * hub's CPU per decision at saturation doubled (12.1 against 4.1 ms), so a run with it measures where the time
     * goes, not how fast the hub is.
     */
    private static final boolean CPU_PROFILE = Boolean.parseBoolean(System.getProperty("bench.cpu-profile", "false"));
    private static final int PAYLOAD_BYTES = 2_048;
    private static final String MARKET_DATABASE = "market_bench";
    private static final String SCRATCH = "bench_ceiling";

    @TempDir
    static Path dataDir;
    private static final int BROKER_PORT = BenchSupport.freePort();
    private static final int POSTGRES_PORT = BenchSupport.freePort();
    /** When Spring began to build the hub (its properties are asked for first), and when it said it was ready. */
    private static volatile long contextStartNanos;
    private static volatile long readyNanos;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        contextStartNanos = System.nanoTime();
        registry.add("linkage.data-dir", () -> dataDir.toString());
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.postgres.port", () -> POSTGRES_PORT);
        // where the database's time goes, per statement (SqlProfile)
        registry.add("linkage.postgres.settings[shared_preload_libraries]", () -> "pg_stat_statements");
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.security.demo-credentials", () -> "true");
        BenchSupport.marketView(registry, POSTGRES_PORT, MARKET_DATABASE);
    }

    /** Marks the moment the hub is ready: start-up time is measured, not guessed from the log. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Ready {
        @Bean
        ApplicationListener<ApplicationReadyEvent> benchReady() {
            return event -> readyNanos = System.nanoTime();
        }
    }

    @LocalServerPort
    int httpPort;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    ConnectionFactory hubConnectionFactory;
    @Autowired
    MarketSupervisionPoller poller;
    @Autowired
    SourceCursors cursors;

    private final String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    /** Each department's own connection to the broker, by code. */
    private final Map<String, jakarta.jms.Connection> departmentConnections = new ConcurrentHashMap<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seenDeliveries = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong strays = new AtomicLong();
    /** While set, the departments keep what they receive unsigned (by department) for the receipts phase. */
    private volatile boolean holdReceipts;
    private final Map<String, Queue<String>> unsigned = new ConcurrentHashMap<>();
    /** CPU of the benchmark's own threads that have ended; live ones are read from the ThreadMXBean. */
    private final LongAdder finishedBenchThreadNanos = new LongAdder();
    private final AtomicLong heapHigh = new AtomicLong();
    private final List<Row> rows = new ArrayList<>();
    private final List<HubPhase> hubPhases = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4, benchThreads("bench-http-")))
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Ceiling ceiling;

    @Test
    void fastPath() throws Exception {
        double startupSeconds = (readyNanos - contextStartNanos) / 1e9;
        Thread heapSampler = benchThreads("bench-heap-").newThread(this::sampleHeap);
        heapSampler.start();
        try {
            Map<String, String> settings = durability();
            ceiling = ceiling();
            rows.add(new Row("start-up", "context start → ApplicationReadyEvent (PostgreSQL, broker, Flyway, routes)",
                    String.format(Locale.ROOT, "%.1f", startupSeconds), "s", "target < 10 s", null));

            for (String dept : BenchSupport.EXPECTED_ROLE.keySet()) {
                listen(dept);
            }
            HubPhase warm = closedLoop("W", WARMUP.endsWith("s") ? Integer.MAX_VALUE : Integer.parseInt(WARMUP),
                    WARMUP.endsWith("s") ? Duration.ofSeconds(Long.parseLong(WARMUP.replace("s", ""))) : DEADLINE);
            report(warm, "(b) warm-up");
            SqlProfile sql = SqlProfile.start(jdbc);
            HubPhase saturation;
            try (CpuProfile cpu = CPU_PROFILE ? CpuProfile.start() : null) {
                saturation = closedLoop("S", EVENTS, DEADLINE);
                if (cpu != null) {
                    cpu.write("fast-path-saturation", saturation.sent.get());
                }
            }
            report(saturation, "(b) saturation");
            sql.write("fast-path-saturation", saturation.sent.get());
            for (int rate : RATES) {
                report(openLoop(rate), "(b) offered " + rate + "/s");
            }
            receipts();
            backfill();
            console();

            String header = header(settings, startupSeconds);
            BenchTable.write(header, rows, "fast-path");
        } finally {
            heapSampler.interrupt();
        }
        assertThat(failures.stream().limit(20).toList()).as(failures.size() + " failures").isEmpty();
        assertThat(strays.get()).as("department messages of no decision this run sent").isZero();
        for (HubPhase p : hubPhases) {
            long expected = (long) p.sent.get() * PER_DECISION;
            assertThat(p.accepted.get()).as("webhooks accepted in phase " + p.tag).isEqualTo(p.sent.get());
            assertThat(p.duplicates.get()).as("deliveries seen twice in phase " + p.tag).isZero();
            assertThat(expected - p.unique.get()).as("deliveries lost in phase " + p.tag).isZero();
            assertThat(p.signed).as("deliveries SIGNED in the database, phase " + p.tag).isEqualTo(expected);
        }
    }

    @AfterEach
    void closeDepartments() {
        for (jakarta.jms.Connection c : departmentConnections.values()) {
            try {
                c.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- (a) ceiling

    /** PostgreSQL's durability settings as the server reports them; the run stops if either is off. */
    private Map<String, String> durability() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
                "shared_buffers", "max_wal_size", "server_version")) {
            settings.put(name, jdbc.queryForObject("show " + name, String.class));
        }
        assertThat(settings.get("fsync")).as("PostgreSQL fsync: no figure with durability off").isEqualTo("on");
        assertThat(settings.get("synchronous_commit")).as("PostgreSQL synchronous_commit").isEqualTo("on");
        var config = broker.getActiveMQServer().getConfiguration();
        assertThat(config.isPersistenceEnabled() && config.isJournalSyncNonTransactional()
                && config.isJournalSyncTransactional()).as("broker journal syncs before it confirms").isTrue();
        settings.put("broker journal", config.getJournalType() + ", persistence on, sync transactional and "
                + "non-transactional on, datasync " + (config.isJournalDatasync() ? "on" : "off"));
        return settings;
    }

    private Ceiling ceiling() throws Exception {
        Ceiling c = new Ceiling();
        c.brokerSends = brokerSends();
        c.pgDecisions = pgDecisionTransactions();
        c.pgBatched = pgBatchedInserts();
        return c;
    }

    /** Persistent 2 KB text messages to a scratch queue of the hub's broker, by the hub's own connection factory. */
    private Measured brokerSends() throws Exception {
        ConnectionFactory target = hubConnectionFactory instanceof CachingConnectionFactory caching
                ? caching.getTargetConnectionFactory() : hubConnectionFactory;
        String queue = "bench.ceiling." + run;
        String body = "x".repeat(PAYLOAD_BYTES);
        List<jakarta.jms.Connection> connections = new ArrayList<>();
        try {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < BROKER_PRODUCERS; i++) {
                jakarta.jms.Connection connection = target.createConnection();
                connections.add(connection);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                workers.add(() -> producer.send(session.createTextMessage(body)));
            }
            return measure("(a) broker", workers, 1);
        } finally {
            for (jakarta.jms.Connection connection : connections) {
                connection.close();
            }
            ActiveMQServer server = broker.getActiveMQServer();
            var scratch = server.locateQueue(SimpleString.of(queue));
            if (scratch != null) {
                scratch.deleteAllReferences();
                server.destroyQueue(SimpleString.of(queue), null, false, true, true);
            }
        }
    }

    /** One 2 KB jsonb decision and its two deliveries a transaction, {@link #PG_CLIENTS} clients. */
    private Measured pgDecisionTransactions() throws Exception {
        scratchSchema();
        List<Connection> connections = new ArrayList<>();
        try {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < PG_CLIENTS; i++) {
                Connection connection = scratchConnection();
                connections.add(connection);
                PreparedStatement decision = connection.prepareStatement(
                        "insert into " + SCRATCH + ".decision (id, payload) values (?, ?::jsonb)");
                PreparedStatement deliveries = connection.prepareStatement("insert into " + SCRATCH
                        + ".delivery (id, decision_id, department, role, status) values (?, ?, 'ZJ', 'PRIMARY', "
                        + "'PENDING'), (?, ?, 'YJ', 'ASSIST', 'PENDING')");
                workers.add(() -> {
                    UUID id = UUID.randomUUID();
                    decision.setObject(1, id);
                    decision.setString(2, payload());
                    decision.executeUpdate();
                    deliveries.setObject(1, UUID.randomUUID());
                    deliveries.setObject(2, id);
                    deliveries.setObject(3, UUID.randomUUID());
                    deliveries.setObject(4, id);
                    deliveries.executeUpdate();
                    connection.commit();
                });
            }
            return measure("(a) PostgreSQL", workers, 1);
        } finally {
            closeAll(connections);
        }
    }

    /** {@link #PG_BATCH} decisions and their deliveries a transaction, as multi-row inserts (the driver rewrites). */
    private Measured pgBatchedInserts() throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < PG_BATCH_CLIENTS; i++) {
                Connection connection = scratchConnection();
                connections.add(connection);
                PreparedStatement decision = connection.prepareStatement(
                        "insert into " + SCRATCH + ".decision (id, payload) values (?, ?::jsonb)");
                PreparedStatement delivery = connection.prepareStatement("insert into " + SCRATCH
                        + ".delivery (id, decision_id, department, role, status) values (?, ?, ?, ?, 'PENDING')");
                workers.add(() -> {
                    for (int k = 0; k < PG_BATCH; k++) {
                        UUID id = UUID.randomUUID();
                        decision.setObject(1, id);
                        decision.setString(2, payload());
                        decision.addBatch();
                        for (Map.Entry<String, String> to : BenchSupport.EXPECTED_ROLE.entrySet()) {
                            delivery.setObject(1, UUID.randomUUID());
                            delivery.setObject(2, id);
                            delivery.setString(3, to.getKey());
                            delivery.setString(4, to.getValue());
                            delivery.addBatch();
                        }
                    }
                    decision.executeBatch();
                    delivery.executeBatch();
                    connection.commit();
                });
            }
            return measure("(a) PostgreSQL", workers, PG_BATCH);
        } finally {
            closeAll(connections);
            jdbc.execute("drop schema if exists " + SCRATCH + " cascade");
        }
    }

    private void scratchSchema() {
        jdbc.execute("drop schema if exists " + SCRATCH + " cascade");
        jdbc.execute("create schema " + SCRATCH);
        jdbc.execute("create table " + SCRATCH + ".decision (id uuid primary key, payload jsonb not null, "
                + "created_at timestamptz not null default now())");
        jdbc.execute("create table " + SCRATCH + ".delivery (id uuid primary key, decision_id uuid not null references "
                + SCRATCH + ".decision (id), department text not null, role text not null, status text not null, "
                + "created_at timestamptz not null default now())");
        jdbc.execute("create index on " + SCRATCH + ".delivery (decision_id)");
    }

    private Connection scratchConnection() throws SQLException {
        Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres")
                + "&reWriteBatchedInserts=true", "postgres", "postgres");
        connection.setAutoCommit(false);
        return connection;
    }

    /** A 2 KB decision as JSON, its text random so that TOAST compression does not shrink it. */
    private static String payload() {
        byte[] random = new byte[(PAYLOAD_BYTES - 200) / 2];
        ThreadLocalRandom.current().nextBytes(random);
        return "{\"documentNumber\":\"石审批建许〔2026〕BENCH号\",\"decisionType\":\"GRANT\",\"matterCode\":\""
                + BenchSupport.MATTER + "\",\"subject\":{\"name\":\"宁夏星光置业有限公司\",\"uscc\":\"91640205MA7K8L9M0M\"},"
                + "\"text\":\"" + HexFormat.of().formatHex(random) + "\"}";
    }

    /** One unit of infrastructure work (a send, a transaction), done in a loop by one thread. */
    @FunctionalInterface
    private interface Worker {
        void once() throws Exception;
    }

    /** Runs each worker on its own thread for {@link #CEILING_SECONDS}; {@code perOp} items per operation. */
    private Measured measure(String phase, List<Worker> workers, int perOp) throws Exception {
        Histogram micros = new Histogram(3);
        LongAdder ops = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        Snapshot before = snapshot();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(CEILING_SECONDS);
        for (Worker w : workers) {
            Thread t = benchThreads("bench-ceiling-").newThread(() -> {
                Histogram local = new Histogram(3);
                try {
                    long t0;
                    while ((t0 = System.nanoTime()) < end) {
                        w.once();
                        local.recordValue(Math.max(0, (System.nanoTime() - t0) / 1_000));
                        ops.increment();
                    }
                } catch (Exception e) {
                    failures.add(phase + ": " + e);
                }
                synchronized (micros) {
                    micros.add(local);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // before the connections close: a backend's CPU is counted while it lives (and in the postmaster's once reaped)
        Snapshot after = snapshot();
        return new Measured(phase, ops.sum() * perOp, seconds, micros, before, after, workers.size());
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- (b) end to end

    /** A department's own system over TCP: reads its queue with {@link #CONSUMERS} sessions, signs by queue. */
    private void listen(String dept) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        // threads of its own (not the JVM-wide pools the hub's clients use), so their CPU is told apart
        factory.setUseGlobalPools(false);
        String user = dept.toLowerCase(Locale.ROOT);
        jakarta.jms.Connection connection = factory.createConnection(user, "demo-" + user);
        departmentConnections.put(dept, connection);
        for (int c = 0; c < CONSUMERS; c++) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer receipts = session.createProducer(session.createQueue(Queues.departmentReceipts(dept)));
            receipts.setDeliveryMode(DeliveryMode.PERSISTENT);
            session.createConsumer(session.createQueue(Queues.department(dept)))
                    .setMessageListener(m -> onDelivery(dept, session, receipts, m));
        }
        connection.start();
    }

    private void onDelivery(String dept, Session session, MessageProducer receipts, Message message) {
        long now = System.nanoTime();
        try {
            JsonNode body = JSON.readTree(((TextMessage) message).getText());
            String deliveryId = body.path("deliveryId").asText(null);
            Sent s = sent.get(body.path("documentNumber").asText(""));
            if (deliveryId == null || s == null) {
                strays.incrementAndGet();
                return;
            }
            if (seenDeliveries.putIfAbsent(deliveryId, Boolean.TRUE) != null) {
                s.phase.duplicates.incrementAndGet();
            } else {
                s.phase.unique.incrementAndGet();
                s.phase.toConfirm.add(UUID.fromString(deliveryId));
                synchronized (s.phase.toQueueMicros) {
                    s.phase.toQueueMicros.recordValue(Math.max(0, (now - s.scheduledNanos) / 1_000));
                }
            }
            if (holdReceipts) {
                unsigned.computeIfAbsent(dept, d -> new ConcurrentLinkedQueue<>()).add(deliveryId);
                return;
            }
            // a department signs what it received, a copy too (the hub answers a second receipt idempotently)
            receipts.send(session.createTextMessage("{\"deliveryId\":\"" + deliveryId + "\",\"status\":\"SIGNED\"}"));
        } catch (JMSException | IOException | RuntimeException e) {
            failures.add("department consumer: " + e);
        }
    }

    /** Closed loop: {@link #CLIENTS} clients, each posting its next event once the last is answered. */
    private HubPhase closedLoop(String tag, int events, Duration duration) throws Exception {
        HubPhase p = startPhase(tag + run, "closed loop, " + CLIENTS + " clients");
        closedLoopPosts(p, events, duration);
        return finishPhase(p);
    }

    private void closedLoopPosts(HubPhase p, int events, Duration duration) throws InterruptedException {
        long until = p.startNanos + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread t = benchThreads("bench-client-").newThread(() -> {
                int i;
                while (System.nanoTime() < until && (i = next.getAndIncrement()) < events) {
                    post(p, i, System.nanoTime());
                }
            });
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join(DEADLINE.toMillis());
        }
    }

    /**
     * Open loop: requests scheduled at {@code rate} a second for {@link #OPEN_SECONDS}, each handed to a pool of
     * {@link #OPEN_SENDERS} senders at its scheduled time; latency counts from the scheduled time, so a hub that
     * falls behind is charged for the wait of every request queued behind the slow ones.
     */
    private HubPhase openLoop(int rate) throws Exception {
        HubPhase p = startPhase("O" + rate + run, "open loop " + rate + "/s for " + OPEN_SECONDS + " s");
        int events = rate * OPEN_SECONDS;
        ExecutorService senders = Executors.newFixedThreadPool(OPEN_SENDERS, benchThreads("bench-open-"));
        try {
            for (int i = 0; i < events; i++) {
                long scheduled = p.startNanos + (long) (i * 1e9 / rate);
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                senders.execute(() -> post(p, n, scheduled));
            }
        } finally {
            senders.shutdown();
            senders.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return finishPhase(p);
    }

    private HubPhase startPhase(String tag, String load) {
        HubPhase p = new HubPhase(tag, load);
        hubPhases.add(p);
        System.out.printf("bench phase %s (%s) started %s%n", tag, load, Instant.now());
        p.deliveredBefore = deliveredEvents();
        heapHigh.set(0);
        p.before = snapshot();
        p.startNanos = System.nanoTime();
        return p;
    }

    private void post(HubPhase p, int i, long scheduledNanos) {
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        String number = BenchSupport.documentNumber(today, p.tag, i);
        sent.put(number, new Sent(p, scheduledNanos));
        p.sent.incrementAndGet();
        p.lastSendNanos.accumulateAndGet(System.nanoTime(), Math::max);
        try {
            HttpRequest request = BenchSupport.signedPost(URI.create("http://127.0.0.1:" + httpPort
                    + "/ingest/project-approval"), SECRET, BenchSupport.approvedEvent(today, p.tag, i, number));
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            JsonNode answer = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (answer != null && answer.path("code").asInt(-1) == 0
                    && "ACCEPTED".equals(answer.path("outcome").asText())) {
                p.accepted.incrementAndGet();
                synchronized (p.httpMicros) {
                    p.httpMicros.recordValue(Math.max(0, (done - scheduledNanos) / 1_000));
                }
            } else {
                failures.add(number + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(number + ": interrupted");
        } catch (IOException | RuntimeException e) {
            failures.add(number + ": " + e);
        }
    }

    /**
     * Stops the clock once every delivery of the phase is SIGNED in the database and the tracking has caught up;
     * then waits a second for copies that might still come.
     */
    private HubPhase finishPhase(HubPhase p) {
        p.postsDoneNanos = System.nanoTime();
        long expected = (long) p.accepted.get() * PER_DECISION;
        try {
            // each poll asks only about the deliveries not yet seen signed, by primary key (signed(p)): a count over
            // delivery at 50 ms was once a fifth of the database's time
            await("phase " + p.tag + ": every delivery SIGNED, tracking caught up").atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> signed(p) >= expected && trackingBacklog() == 0);
        } catch (ConditionTimeoutException e) {
            failures.add("phase " + p.tag + " timed out: " + signed(p) + " of " + expected
                    + " SIGNED, tracking backlog " + trackingBacklog());
        }
        p.endNanos = System.nanoTime();
        System.out.printf(Locale.ROOT, "bench phase %s: posts took %.1f s, every delivery SIGNED %.1f s after the last "
                + "post%n", p.tag, (p.postsDoneNanos - p.startNanos) / 1e9, (p.endNanos - p.postsDoneNanos) / 1e9);
        p.after = snapshot();
        p.heapHighBytes = heapHigh.get();
        p.signed = signed(p);
        p.delivered = deliveredEvents() - p.deliveredBefore;
        long[] last = {-1};
        try {
            await("no late copies after " + p.tag).atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long now = p.unique.get() + p.duplicates.get() + strays.get();
                        boolean quiet = now == last[0];
                        last[0] = now;
                        return quiet;
                    });
        } catch (ConditionTimeoutException e) {
            failures.add("phase " + p.tag + ": department messages still arriving");
        }
        System.out.printf("bench phase %s ended %s%n", p.tag, Instant.now());
        return p;
    }

    /**
     * How many of the phase's deliveries are SIGNED in the database, asking only about those received and not yet
     * seen signed (by primary key): a count over the whole delivery table every poll was the benchmark's own load on
     * the database, growing with every phase, and has no index to use now that status is in none (V33).
     */
    private long signed(HubPhase p) {
        synchronized (p.toConfirm) {
            List<UUID> ask = new ArrayList<>();
            UUID id;
            while ((id = p.toConfirm.poll()) != null) {
                ask.add(id);
            }
            if (!ask.isEmpty()) {
                List<UUID> signed = jdbc.query(con -> {
                    var ps = con.prepareStatement("select id from delivery where id = any(?) and status = 'SIGNED'");
                    ps.setArray(1, con.createArrayOf("uuid", ask.toArray()));
                    return ps;
                }, (rs, n) -> rs.getObject(1, UUID.class));
                p.confirmedSigned += signed.size();
                Set<UUID> done = new HashSet<>(signed);
                ask.stream().filter(a -> !done.contains(a)).forEach(p.toConfirm::add);
            }
            return p.confirmedSigned;
        }
    }

    private long deliveredEvents() {
        return jdbc.queryForObject("select count(*) from delivery_event where status = 'DELIVERED'", Long.class);
    }

    /** What the hub's queue tracking and receipts consumers still have to do. */
    private long trackingBacklog() {
        ActiveMQServer server = broker.getActiveMQServer();
        long queued = 0;
        for (String q : List.of(Queues.TRACKING, Queues.RECEIPTS_INBOX)) {
            var queue = server.locateQueue(SimpleString.of(q));
            queued += queue == null ? 0 : queue.getMessageCount() + queue.getDeliveringCount();
        }
        return queued + jdbc.queryForObject("select count(*) from queue_message", Long.class);
    }

    private void report(HubPhase p, String phase) {
        int decisions = p.accepted.get();
        double seconds = (p.endNanos - p.startNanos) / 1e9;
        double rate = decisions / seconds;
        Cost cost = cost(p.before, p.after, decisions, p.heapHighBytes);
        String perTx = ratio(rate, ceiling.pgDecisions.rate());
        rows.add(new Row(phase, p.load + ": decisions DELIVERED to both queues and SIGNED in the database, per s",
                String.format(Locale.ROOT, "%.0f (%,d in %.1f s)", rate, decisions, seconds), "decisions/s",
                perTx + " of PG decision tx/s", cost));
        if (p.load.startsWith("open")) {
            double achieved = p.sent.get() / Math.max(1e-9, (p.lastSendNanos.get() - p.startNanos) / 1e9);
            rows.add(new Row(phase, "achieved offered rate (requests started per s)",
                    String.format(Locale.ROOT, "%.0f", achieved), "requests/s", "", null));
        }
        double infraP99 = (ceiling.pgDecisions.micros().getValueAtPercentile(99)
                + ceiling.brokerSends.micros().getValueAtPercentile(99)) / 1000.0;
        rows.add(new Row(phase, "webhook (scheduled time) → department queue, p50 / p99 / max, per delivery",
                latency(p.toQueueMicros), "ms", latencyRatio(p.toQueueMicros, infraP99), null));
        rows.add(new Row(phase, "webhook (scheduled time) → HTTP 200, p50 / p99 / max", latency(p.httpMicros), "ms",
                latencyRatio(p.httpMicros, infraP99), null));
        rows.add(new Row(phase, "deliveries: unique / lost / copies; DELIVERED events recorded (before SIGNED)",
                String.format(Locale.ROOT, "%,d / %,d / %,d; %,d", p.unique.get(),
                        (long) decisions * PER_DECISION - p.unique.get(), p.duplicates.get(), p.delivered),
                "deliveries", "", null));
    }

    private static String latency(Histogram h) {
        return String.format(Locale.ROOT, "%s / %s / %s", BenchSupport.ms(h.getValueAtPercentile(50)),
                BenchSupport.ms(h.getValueAtPercentile(99)), BenchSupport.ms(h.getMaxValue()));
    }

    /** A latency beside the infrastructure's: p99 as a multiple of (PostgreSQL decision tx p99 + broker send p99). */
    private static String latencyRatio(Histogram h, double infraP99Ms) {
        return String.format(Locale.ROOT, "p99 = %.1f × (PG tx p99 + send p99 = %.1f ms)",
                h.getValueAtPercentile(99) / 1000.0 / infraP99Ms, infraP99Ms);
    }


    // ------------------------------------------------------------------------------------------------- (e) receipts

    /**
     * Receipts alone: {@link #RECEIPT_DECISIONS} decisions posted and delivered while the departments hold back their
     * receipts; then the departments send every receipt by queue ({@link #RECEIPT_SENDERS} senders a department, a JMS
     * transaction every {@link #RECEIPT_TX} receipts, as a department's system catching up would) and the clock runs
     * until every one is SIGNED in the database and the receipts queue is empty.
     */
    private void receipts() throws Exception {
        holdReceipts = true;
        HubPhase p = startPhase("R" + run, "receipts set-up, closed loop " + CLIENTS + " clients");
        closedLoopPosts(p, RECEIPT_DECISIONS, DEADLINE);
        long expected = (long) p.accepted.get() * PER_DECISION;
        try {
            await("receipts set-up: every delivery received, tracking caught up").atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> p.unique.get() >= expected && trackingBacklog() == 0);
        } catch (ConditionTimeoutException e) {
            failures.add("receipts set-up timed out: " + p.unique.get() + " of " + expected + " received");
        }
        holdReceipts = false;
        heapHigh.set(0);
        Snapshot before = snapshot();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (Map.Entry<String, jakarta.jms.Connection> department : departmentConnections.entrySet()) {
            String dept = department.getKey();
            jakarta.jms.Connection connection = department.getValue();
            Queue<String> ids = unsigned.getOrDefault(dept, new ConcurrentLinkedQueue<>());
            for (int k = 0; k < RECEIPT_SENDERS; k++) {
                Thread t = benchThreads("bench-receipts-").newThread(() -> sendReceipts(connection, dept, ids));
                senders.add(t);
                t.start();
            }
        }
        for (Thread t : senders) {
            t.join(DEADLINE.toMillis());
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        try {
            await("receipts: every delivery SIGNED").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> signed(p) >= expected && trackingBacklog() == 0);
        } catch (ConditionTimeoutException e) {
            failures.add("receipts timed out: " + signed(p) + " of " + expected + " SIGNED");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Snapshot after = snapshot();
        p.signed = signed(p);
        p.endNanos = System.nanoTime();
        double rate = p.signed / seconds;
        rows.add(new Row("(e) receipts", String.format(Locale.ROOT, "%,d receipts by queue (SIGNED) from %d senders a "
                + "department, %d a JMS transaction, until every one is SIGNED in the database", expected,
                RECEIPT_SENDERS, RECEIPT_TX), String.format(Locale.ROOT, "%.0f (%,d in %.1f s)", rate, p.signed,
                seconds), "receipts/s", ratio(rate, ceiling.brokerSends.rate()) + " of broker sends/s; target ≥ "
                + "5,000/s", cost(before, after, p.signed, heapHigh.get())));
        rows.add(new Row("(e) receipts", "the departments' sending alone (receipts on the broker)",
                String.format(Locale.ROOT, "%.1f", sendSeconds), "s", "", null));
    }

    private void sendReceipts(jakarta.jms.Connection connection, String dept, Queue<String> ids) {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.departmentReceipts(dept)));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            int inTx = 0;
            String id;
            while ((id = ids.poll()) != null) {
                producer.send(session.createTextMessage("{\"deliveryId\":\"" + id + "\",\"status\":\"SIGNED\"}"));
                if (++inTx == RECEIPT_TX) {
                    session.commit();
                    inTx = 0;
                }
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            failures.add("receipts sender " + dept + ": " + e);
        }
    }

    // ------------------------------------------------------------------------------------------------ (c) backfill

    private void backfill() {
        MarketViewDatabase.createDatabase(jdbc, MARKET_DATABASE);
        DataSource viewDatabase = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + MARKET_DATABASE, "postgres", "postgres");
        MarketViewDatabase view = new MarketViewDatabase(viewDatabase);
        view.create();
        new JdbcTemplate(viewDatabase).execute("truncate xk_gs");
        cursors.reset(MarketSupervisionPoller.SOURCE);
        String tag = run + "BF";
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 8, 0);
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 1; i <= BACKFILL; i++) {
            batch.add(BenchSupport.marketRow(i, tag, base.plusSeconds(i / 4)));
            if (batch.size() == 2_000 || i == BACKFILL) {
                view.upsert(batch);
                batch.clear();
            }
        }
        System.out.printf("bench phase backfill: %,d rows in the view, polling from %s%n", BACKFILL, Instant.now());
        heapHigh.set(0);
        Snapshot before = snapshot();
        long start = System.nanoTime();
        MarketSupervisionPoller.PollResult result = poller.pollInBatchesOf(BACKFILL_BATCH);
        try {
            await("backfill: outbox empty").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
        } catch (ConditionTimeoutException e) {
            failures.add("backfill: outbox not empty after " + DEADLINE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Snapshot after = snapshot();
        long decisions = jdbc.queryForObject("select count(*) from decision where document_number like ?", Long.class,
                "%〕" + tag + "-%");
        if (result.rows() != BACKFILL || decisions != BACKFILL) {
            failures.add("backfill: " + result.rows() + " rows read, " + decisions + " decisions of " + BACKFILL);
        }
        double rate = decisions / seconds;
        rows.add(new Row("(c) backfill", String.format(Locale.ROOT, "%,d market-view rows, batches of %,d, until the "
                + "outbox is empty", BACKFILL, BACKFILL_BATCH), String.format(Locale.ROOT, "%.0f (%.1f s)", rate,
                seconds), "decisions/s", ratio(rate, ceiling.pgBatched.rate()) + " of PG batched inserts/s",
                cost(before, after, (int) decisions, heapHigh.get())));
        rows.add(new Row("(c) backfill", "projected time for 1,000,000 decisions at this rate",
                String.format(Locale.ROOT, "%.1f", 1_000_000 / rate / 60), "min", "target < 10 min", null));
    }

    // ------------------------------------------------------------------------------------------- (d) console pages

    private void console() throws Exception {
        ConsolePages console = new ConsolePages(jdbc, httpPort);
        long have = console.count("decision");
        long seedStart = System.nanoTime();
        console.load((int) Math.max(0, CONSOLE_DECISIONS - have));
        console.foldAndVacuum();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long decisions = console.count("decision");
        console.logIn("operator", "operator");
        String phase = String.format(Locale.ROOT, "(d) console, %,d decisions", decisions);
        rows.add(new Row(phase, String.format(Locale.ROOT, "seeded %,d by SQL to reach %,d, fold + vacuum analyze",
                Math.max(0, CONSOLE_DECISIONS - have), CONSOLE_DECISIONS),
                String.format(Locale.ROOT, "%.1f", seedSeconds), "s", "", null));
        for (Map.Entry<String, String> page : console.pages().entrySet()) {
            heapHigh.set(0);
            Snapshot before = snapshot();
            double[] ms = console.time(page.getValue(), 3, CONSOLE_REQUESTS);
            Snapshot after = snapshot();
            rows.add(new Row(phase, page.getKey() + ", p50 / p99 / max of " + CONSOLE_REQUESTS,
                    String.format(Locale.ROOT, "%.1f / %.1f / %.1f", ConsolePages.percentile(ms, 50),
                            ConsolePages.percentile(ms, 99), ms[ms.length - 1]), "ms", "target < 200 ms",
                    cost(before, after, CONSOLE_REQUESTS + 3, heapHigh.get())));
        }
    }

    // ------------------------------------------------------------------------------------------- CPU, heap, table

    private Snapshot snapshot() {
        return new Snapshot(CpuSnapshot.take(dataDir), benchThreadNanos(), System.nanoTime());
    }

    /** CPU of the benchmark's own threads: HTTP clients, senders, department consumers (their own thread pools). */
    private long benchThreadNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long live = 0;
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            String name = t.getKey().getName();
            if (name.startsWith("bench-") || name.startsWith("HttpClient-")
                    || name.contains("ActiveMQ-client-factory-threads")) {
                live += Math.max(0, threads.getThreadCpuTime(t.getKey().getId()));
            }
        }
        return live + finishedBenchThreadNanos.sum();
    }

    private ThreadFactory benchThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    finishedBenchThreadNanos.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void sampleHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        while (!Thread.currentThread().isInterrupted()) {
            heapHigh.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            LockSupport.parkNanos(50_000_000L);
        }
    }

    private static Cost cost(Snapshot before, Snapshot after, long units, long heapBytes) {
        double jvm = (after.cpu().jvmNanos() - before.cpu().jvmNanos()) / 1e6 / Math.max(1, units);
        double bench = (after.benchNanos() - before.benchNanos()) / 1e6 / Math.max(1, units);
        double pg = (after.cpu().postgresNanos() - before.cpu().postgresNanos()) / 1e6 / Math.max(1, units);
        return new Cost(jvm - bench, bench, pg, heapBytes / (1024.0 * 1024.0), (after.nanos() - before.nanos()) / 1e9,
                before.cpu().loadAverage(), after.cpu().loadAverage());
    }

    private static String ratio(double value, double base) {
        return String.format(Locale.ROOT, "%.2f ×", value / base);
    }

    private String header(Map<String, String> settings, double startupSeconds) {
        Measured b = ceiling.brokerSends;
        Measured d = ceiling.pgDecisions;
        Measured g = ceiling.pgBatched;
        rows.add(0, new Row(b.phase(), String.format(Locale.ROOT, "persistent 2 KB JMS sends to the hub's broker, %d "
                + "producers, not transacted (each send waits for the journal sync), in-VM like the outbox; p99 %s ms",
                b.threads(), BenchSupport.ms(b.micros().getValueAtPercentile(99))),
                String.format(Locale.ROOT, "%.0f", b.rate()), "sends/s", "1.00 ×", b.cost()));
        rows.add(1, new Row(d.phase(), String.format(Locale.ROOT, "decision-shaped transactions (2 KB jsonb decision + "
                + "2 delivery rows, commit), %d clients; p99 %s ms", d.threads(),
                BenchSupport.ms(d.micros().getValueAtPercentile(99))), String.format(Locale.ROOT, "%.0f", d.rate()),
                "tx/s", "1.00 ×", d.cost()));
        rows.add(2, new Row(g.phase(), String.format(Locale.ROOT, "batched inserts: %d decisions + %d deliveries a "
                + "transaction, multi-row, %d clients", PG_BATCH, PG_BATCH * PER_DECISION, g.threads()),
                String.format(Locale.ROOT, "%.0f", g.rate()), "decisions/s", "1.00 ×", g.cost()));
        StringBuilder h = new StringBuilder();
        h.append(String.format(Locale.ROOT, "Fast path — one run, %d CPUs, Java %s, max heap %d MB, load average at "
                + "the end %.1f, %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version().feature(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Instant.now()));
        h.append("durability (as the servers report it): PostgreSQL");
        settings.forEach((k, v) -> h.append(k.equals("broker journal") ? "; broker journal " + v
                : " " + k + "=" + v));
        h.append(String.format(Locale.ROOT, "%nsizes: warm-up %s, saturation %,d events / %d clients, open loops %s/s "
                + "× %d s (%d senders), department consumers %d per department, ceiling %d s a figure, backfill %,d, "
                + "console %,d decisions, receipts of %,d decisions; Flight Recorder in saturation %s; start-up "
                + "%.1f s%n", WARMUP, EVENTS, CLIENTS, RATES, OPEN_SECONDS, OPEN_SENDERS, CONSUMERS, CEILING_SECONDS,
                BACKFILL, CONSOLE_DECISIONS, RECEIPT_DECISIONS, CPU_PROFILE ? "on" : "off", startupSeconds));
        h.append("CPU columns: ms of CPU per unit (decision, transaction, send or page request) during the phase; "
                + "hub JVM = this JVM minus the benchmark's own client threads (shown apart); PostgreSQL = the "
                + "postmaster and its backends (utime+stime, with reaped backends' via cutime+cstime)");
        return h.toString();
    }

    private static List<Integer> parseRates(String rates) {
        List<Integer> list = new ArrayList<>();
        for (String r : rates.split(",")) {
            if (!r.isBlank()) {
                list.add(Integer.parseInt(r.trim()));
            }
        }
        return list;
    }

    /** Where CPU and heap stood at a moment. */
    private record Snapshot(CpuSnapshot cpu, long benchNanos, long nanos) {
    }

    /** What a phase cost, per unit of work. */
    record Cost(double hubMs, double benchMs, double postgresMs, double heapMb, double seconds, double loadBefore,
            double loadAfter) {
    }

    /** One line of the table. */
    record Row(String phase, String figure, String value, String unit, String ratio, Cost cost) {
    }

    /** An infrastructure figure: how many items in how long, with the latency of each operation. */
    private record Measured(String phase, long items, double seconds, Histogram micros, Snapshot before,
            Snapshot after, int threads) {
        double rate() {
            return items / seconds;
        }

        Cost cost() {
            return FastPathBench.cost(before, after, items, 0);
        }
    }

    /** The three ceiling figures. */
    private static final class Ceiling {
        Measured brokerSends;
        Measured pgDecisions;
        Measured pgBatched;
    }

    /** A decision posted: the phase it belongs to and when it was meant to be sent. */
    private record Sent(HubPhase phase, long scheduledNanos) {
    }

    /** One hub phase and what the departments saw of it. */
    private static final class HubPhase {
        final String tag;
        final String load;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicLong unique = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong lastSendNanos = new AtomicLong();
        final Histogram toQueueMicros = new Histogram(3);
        final Histogram httpMicros = new Histogram(3);
        volatile long startNanos;
        volatile long postsDoneNanos;
        volatile long endNanos;
        /** The phase's deliveries received and not yet seen SIGNED in the database; guarded by itself. */
        final Queue<UUID> toConfirm = new ConcurrentLinkedQueue<>();
        long confirmedSigned;
        volatile long deliveredBefore;
        volatile long signed;
        volatile long delivered;
        volatile long heapHighBytes;
        volatile Snapshot before;
        volatile Snapshot after;

        HubPhase(String tag, String load) {
            this.tag = tag;
            this.load = load;
        }
    }
}
