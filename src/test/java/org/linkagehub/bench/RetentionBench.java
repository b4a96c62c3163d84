package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.delivery.DeliveryFigures;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.retention.RecordKind;
import org.linkagehub.retention.RetentionJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Retention never stalls live traffic (issue 16, item 7): signed webhooks at a fixed offered rate (open loop, latency
 * from each request's scheduled time), first with nothing else running, then while the retention job archives and
 * prunes a large backlog ({@code bench.raw-inputs} old raw inputs, {@code bench.events} old delivery events of
 * settled deliveries, {@code bench.audit} old audit entries, seeded by SQL) with the hub's default batch size.
 * <p>
 * Run with {@code ./mvnw -B -o -Pbench test -Dtest=RetentionBench} (optionally {@code -Dbench.rate=50
 * -Dbench.seconds=30 -Dbench.raw-inputs=200000 -Dbench.events=200000}). Prints a table (also
 * {@code target/bench/retention.txt}); asserts only that every request was accepted and every seeded row archived
 * and pruned, never a speed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RetentionBench {

    private static final String SECRET = "bench-secret";
    private static final int RATE = Integer.getInteger("bench.rate", 50);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int RAW_INPUTS = Integer.getInteger("bench.raw-inputs", 200_000);
    private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
    private static final int AUDIT = Integer.getInteger("bench.audit", 20_000);
    private static final Duration PRUNE_LIMIT = Duration.ofMinutes(Long.getLong("bench.prune-minutes", 4));

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", () -> dir.resolve("data").toString());
        registry.add("linkage.broker.port", BenchSupport::freePort);
        registry.add("linkage.postgres.port", BenchSupport::freePort);
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.security.demo-credentials", () -> "true");
    }

    @LocalServerPort
    int httpPort;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RetentionJob retention;
    @Autowired
    Clock clock;
    @Autowired
    DeliveryFigures figures;

    private final String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One phase's latencies in microseconds and the wall time of the load. */
    private record Phase(String name, long[] micros, double seconds) {
        long percentile(double p) {
            if (micros.length == 0) {
                return 0;
            }
            return micros[(int) Math.min(micros.length - 1, Math.ceil(p / 100 * micros.length) - 1)];
        }
    }

    @Test
    void intakeLatencyWithAndWithoutALargePrune() throws Exception {
        long seedStart = System.nanoTime();
        seed();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        load("warm-up", 10, () -> false);
        Phase quiet = load("no prune", SECONDS, () -> false);

        Instant cutoff = clock.instant().minus(365, ChronoUnit.DAYS);
        Map<RecordKind, Instant> cutoffs = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            cutoffs.put(kind, cutoff);
        }
        long pruneStart = System.nanoTime();
        CompletableFuture<RetentionJob.RetentionRun> prune = CompletableFuture.supplyAsync(
                () -> retention.run(cutoffs, dir.resolve("archive")));
        Phase during = load("during prune", (int) PRUNE_LIMIT.toSeconds(), prune::isDone);
        RetentionJob.RetentionRun done = prune.get(PRUNE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        double pruneSeconds = (System.nanoTime() - pruneStart) / 1e9;
        Phase after = load("after prune", SECONDS, () -> false);

        long pruned = done.pruned().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, """
                Retention bench: %,d old raw inputs, %,d old delivery events, %,d old audit entries (seeded in %.0f s);
                webhooks offered at %d/s (open loop); prune with batch-size %d, file-rows %d: %,d rows archived and
                pruned in %.1f s (%,.0f rows/s) while the load ran; %d cores, load average %.1f at the end

                | phase | requests | seconds | p50 ms | p99 ms | max ms |
                |---|---:|---:|---:|---:|---:|
                """, RAW_INPUTS, EVENTS, AUDIT, seedSeconds, RATE, retention.properties().batchSize(),
                retention.properties().fileRows(), pruned, pruneSeconds, pruned / pruneSeconds,
                Runtime.getRuntime().availableProcessors(), CpuSnapshot.take(dir.resolve("data")).loadAverage()));
        for (Phase p : List.of(quiet, during, after)) {
            table.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %s | %s | %s |%n", p.name(), p.micros().length,
                    p.seconds(), BenchSupport.ms(p.percentile(50)), BenchSupport.ms(p.percentile(99)),
                    BenchSupport.ms(p.percentile(100))));
        }
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "retention.txt");
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, table);

        assertThat(failures).as("refused or failed webhooks").isEmpty();
        assertThat(done.error()).isNull();
        assertThat(done.pruned()).containsEntry(RecordKind.RAW_INPUT, (long) RAW_INPUTS)
                .containsEntry(RecordKind.DELIVERY_EVENTS, (long) EVENTS).containsEntry(RecordKind.AUDIT, (long) AUDIT);
    }

    /** The backlog, three years old: unreferenced raw inputs, settled deliveries with four events each, audit. */
    private void seed() {
        jdbc.update("""
                insert into raw_input (source, transport, source_ref, body, size_bytes, sha256, received_at, outcome)
                select 'project-approval', 'webhook', 'RB-' || i, convert_to(repeat('{"x":"old payload"}', 25) || i,
                       'UTF8'), 500, md5(i::text) || md5(i::text), now() - interval '3 years' + i * interval '1 second',
                       'DUPLICATE'
                from generate_series(1, ?) i""", RAW_INPUTS);
        int deliveries = EVENTS / 4;
        jdbc.update("""
                insert into decision (id, lineage_id, version, document_number, decision_type, decision_date,
                       matter_code, subject_name, source_system, source_record_id, fact_hash, routed, payload,
                       created_at)
                select md5('rd' || i)::uuid, md5('rl' || i)::uuid, 1, '石审批建许〔2023〕R' || i || '号', 'GRANT',
                       date '2023-06-01', '640200-SPJ-ZJ-0008', '宁夏星光置业有限公司', 'PROJECT_APPROVAL', 'RB-D-' || i,
                       md5(i::text) || md5('x'), true, '{}'::jsonb, now() - interval '3 years'
                from generate_series(1, ?) i""", deliveries);
        jdbc.update("""
                insert into delivery (id, decision_id, department, role, channel, status, routing_rule,
                       routing_version, created_at, updated_at)
                select md5('rv' || i)::uuid, md5('rd' || i)::uuid, 'ZJ', 'PRIMARY', 'queue', 'SUPERVISION_STARTED',
                       'bench', 'bench', now() - interval '3 years', now() - interval '3 years' + interval '2 days'
                from generate_series(1, ?) i""", deliveries);
        jdbc.update("""
                insert into delivery_event (delivery_id, status, at, actor, note)
                select md5('rv' || i)::uuid, s.status, now() - interval '3 years' + s.after, 'bench', null
                from generate_series(1, ?) i cross join (values ('PENDING', interval '0'),
                     ('DISPATCHED', interval '1 second'), ('SIGNED', interval '1 day'),
                     ('SUPERVISION_STARTED', interval '2 days')) s(status, after)
                order by i, s.after""", deliveries);
        jdbc.update("""
                insert into audit_log (at, actor, action, target, before, after)
                select now() - interval '3 years' + i * interval '1 second', 'operator', 'QUARANTINE_REPLAY',
                       'quarantine/' || i, null, '{"status":"REPLAYED"}'::jsonb
                from generate_series(1, ?) i""", AUDIT);
        // the seeded deliveries' figure changes, folded now rather than by the minute's timer inside a phase
        figures.fold();
        for (String table : List.of("raw_input", "decision", "delivery", "delivery_event", "audit_log")) {
            jdbc.execute("vacuum analyze " + table);
        }
    }

    /**
     * Signed webhooks at {@link #RATE} a second for {@code seconds}, or until {@code stop} says so (checked each
     * second, after at least ten); each request's latency counts from its scheduled time.
     */
    private Phase load(String name, int seconds, java.util.function.BooleanSupplier stop) throws Exception {
        String tag = name.replaceAll("[^a-z]", "").substring(0, 4).toUpperCase(Locale.ROOT) + run;
        ExecutorService senders = Executors.newFixedThreadPool(64);
        List<Long> micros = new ArrayList<>();
        long start = System.nanoTime();
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        int i = 0;
        try {
            for (; i < RATE * seconds; i++) {
                if (i % RATE == 0 && i >= RATE * 10 && stop.getAsBoolean()) {
                    break;
                }
                long scheduled = start + (long) (i * 1e9 / RATE);
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                senders.execute(() -> post(tag, today, n, scheduled, micros));
            }
        } finally {
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long[] sorted;
        synchronized (micros) {
            sorted = micros.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(sorted);
        System.out.printf("bench phase %s: %d requests in %.1f s%n", name, i, wall);
        return new Phase(name, sorted, wall);
    }

    private void post(String tag, LocalDate today, int i, long scheduled, List<Long> micros) {
        String number = BenchSupport.documentNumber(today, tag, i);
        try {
            HttpRequest request = BenchSupport.signedPost(URI.create("http://127.0.0.1:" + httpPort
                    + "/ingest/project-approval"), SECRET, BenchSupport.approvedEvent(today, tag, i, number));
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            if (response.statusCode() == 200 && response.body().contains("ACCEPTED")) {
                synchronized (micros) {
                    micros.add((done - scheduled) / 1_000);
                }
            } else {
                failures.add(number + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(number + ": interrupted");
        } catch (java.io.IOException | RuntimeException e) {
            failures.add(number + ": " + e);
        }
    }
}
