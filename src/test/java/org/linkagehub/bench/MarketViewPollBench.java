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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.ingest.SourceCursors;
import org.linkagehub.ingest.market.MarketSupervisionPoller;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Polling throughput of the market-supervision view on the embedded defaults: {@code bench.rows} (20,000) rows in a
 * view {@code "V_XK_GS"} of a separate database in the embedded PostgreSQL, read by the real poller end to end —
 * each batch stored raw, mapped row by row, decisions, deliveries and outbox written — once per batch size (500 and
 * 2,000), then once more re-reading the first run's ids, so every row becomes a new version. Run with
 * {@code ./mvnw -B -o -Pbench test -Dtest=MarketViewPollBench}; the table goes to stdout and to
 * {@code target/bench/market-view-poll.txt}. It asserts correctness only (every row one decision), never a speed.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MarketViewPollBench {

    private static final int ROWS = Integer.getInteger("bench.rows", 20_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1_000);
    private static final List<Integer> BATCH_SIZES = List.of(500, 2_000);
    private static final String DATABASE = "market_bench";
    private static final String SOURCE = MarketSupervisionPoller.SOURCE;

    @TempDir
    static Path dataDir;
    private static final int POSTGRES_PORT = freePort();
    private static final int BROKER_PORT = freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", () -> dataDir.toString());
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.postgres.port", () -> POSTGRES_PORT);
        registry.add("linkage.security.demo-credentials", () -> "true");
        BenchSupport.marketView(registry, POSTGRES_PORT, DATABASE);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MarketSupervisionPoller poller;
    @Autowired
    SourceCursors cursors;

    private final String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});

    @Test
    void pollTheViewEndToEnd() throws IOException {
        MarketViewDatabase.createDatabase(jdbc, DATABASE);
        DataSource viewDatabase = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + DATABASE, "postgres", "postgres");
        MarketViewDatabase view = new MarketViewDatabase(viewDatabase);
        view.create();

        measure(view, viewDatabase, "W", 1, WARMUP, 500);
        StringBuilder table = new StringBuilder("Market-supervision view → decisions + outbox (" + ROWS
                + " rows a run, " + Runtime.getRuntime().availableProcessors() + " CPUs, embedded PostgreSQL, warm-up "
                + WARMUP + " rows; CPU until the outbox is empty)\n| batch size | rows | batches | seconds | records/s "
                + "| hub JVM CPU ms/record | PostgreSQL CPU ms/record | load avg |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        // each run reads view ids of its own, so every row is a first version (a run re-reading another run's ids
        // would make every row a CHANGE of that run's decision); the last run does exactly that, on purpose
        int firstId = WARMUP + 1;
        for (int batchSize : BATCH_SIZES) {
            table.append(measure(view, viewDatabase, "B" + batchSize, firstId, ROWS, batchSize)).append('\n');
            firstId += ROWS;
        }
        table.append(measure(view, viewDatabase, "V" + BATCH_SIZES.get(0), WARMUP + 1, ROWS, BATCH_SIZES.get(0)))
                .append(" every row a new version of the first run's\n");
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "market-view-poll.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
    }

    /**
     * Fills the view with {@code rows} rows with ids from {@code firstId} (not timed), then times one poll that reads
     * them all; the CPU is counted until the outbox has sent their deliveries.
     */
    private String measure(MarketViewDatabase view, DataSource viewDatabase, String tag, int firstId, int rows,
            int batchSize) {
        new JdbcTemplate(viewDatabase).execute("truncate xk_gs");
        cursors.reset(SOURCE);
        LocalDateTime base = LocalDateTime.of(2026, 11, 20, 8, 0);
        List<Map<String, String>> batch = new ArrayList<>();
        awaitEmptyOutbox();
        for (int i = 1; i <= rows; i++) {
            // four rows a second: change times shared across batch boundaries, as the platform writes them
            batch.add(BenchSupport.marketRow(firstId + i - 1, run + tag, base.plusSeconds(i / 4)));
            if (batch.size() == 2_000 || i == rows) {
                view.upsert(batch);
                batch.clear();
            }
        }
        CpuSnapshot before = CpuSnapshot.take(dataDir);
        long start = System.nanoTime();
        MarketSupervisionPoller.PollResult result = poller.pollInBatchesOf(batchSize);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitEmptyOutbox();
        CpuSnapshot after = CpuSnapshot.take(dataDir);

        assertThat(result.rows()).as("rows read in run " + tag).isEqualTo(rows);
        assertThat(jdbc.queryForObject("select count(*) from decision where document_number like ?", Long.class,
                "%" + run + tag + "-%")).as("decisions of run " + tag).isEqualTo(rows);
        return String.format(Locale.ROOT, "| %,d | %,d | %d | %.1f | %.0f | %.2f | %.2f | %.1f → %.1f |", batchSize,
                result.rows(), result.batches(), seconds, result.rows() / seconds,
                (after.jvmNanos() - before.jvmNanos()) / 1e6 / rows,
                (after.postgresNanos() - before.postgresNanos()) / 1e6 / rows, before.loadAverage(),
                after.loadAverage());
    }

    private void awaitEmptyOutbox() {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
