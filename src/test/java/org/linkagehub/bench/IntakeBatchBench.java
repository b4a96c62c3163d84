package org.linkagehub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.ingest.DecisionIntake;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The intake's own share of a polled source's throughput: payloads of many records (as a hall page or a batch of
 * view rows arrive) stored raw, mapped, validated, versioned, routed and written with their deliveries and outbox
 * rows, then drained to Artemis by the outbox — no HTTP, no platform in between. Two departments per decision.
 *
 * <p>Run with {@code ./mvnw -Pbench test -Dtest=IntakeBatchBench} (optionally {@code -Dbench.records=40000
 * -Dbench.payload=500}). Prints a table (also {@code target/bench/intake-batch.txt}) with the CPU each record cost
 * the hub's JVM and the embedded PostgreSQL until the outbox was empty; asserts only that every record became
 * exactly one decision.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IntakeBatchBench {

    private static final int RECORDS = Integer.getInteger("bench.records", 20_000);
    private static final int[] PAYLOADS = {Integer.getInteger("bench.payload", 500), 1};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Data (the embedded PostgreSQL's, some hundred MB) and the bench's mapping; deleted after the run. */
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        writeMapping(dir);
        registry.add("linkage.data-dir", () -> dir.resolve("data").toString());
        registry.add("linkage.config-dir", () -> dir.resolve("config").toString());
        registry.add("linkage.broker.port", IntakeBatchBench::freePort);
        registry.add("linkage.security.demo-credentials", () -> "true");
    }

    @Autowired
    DecisionIntake intake;
    @Autowired
    RawInputStore raw;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void manyRecordPayloadsThroughTheIntakeAndOutbox() {
        String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt()});
        process("warm-" + run, 2_000, PAYLOADS[0]);
        StringBuilder table = new StringBuilder("""
                | records | per payload | intake s | intake records/s | to broker s | end-to-end records/s | deliveries/s | hub JVM CPU ms/record | PostgreSQL CPU ms/record | load avg |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (int perPayload : PAYLOADS) {
            int records = perPayload == 1 ? Math.min(RECORDS, 5_000) : RECORDS;
            CpuSnapshot before = CpuSnapshot.take(dir.resolve("data"));
            long[] t = process(perPayload + "-" + run, records, perPayload);
            CpuSnapshot after = CpuSnapshot.take(dir.resolve("data"));
            double intakeS = t[0] / 1e9;
            double totalS = t[1] / 1e9;
            table.append(String.format("| %,d | %,d | %.1f | %,.0f | %.1f | %,.0f | %,.0f | %.2f | %.2f | %.1f → %.1f |%n",
                    records, perPayload, intakeS, records / intakeS, totalS, records / totalS, 2 * records / totalS,
                    (after.jvmNanos() - before.jvmNanos()) / 1e6 / records,
                    (after.postgresNanos() - before.postgresNanos()) / 1e6 / records, before.loadAverage(),
                    after.loadAverage()));
        }
        System.out.println();
        System.out.println(table);
        try {
            Files.createDirectories(Path.of("target", "bench"));
            Files.writeString(Path.of("target", "bench", "intake-batch.txt"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return nanos until the intake returned, and until the outbox had sent every delivery */
    private long[] process(String tag, int records, int perPayload) {
        long start = System.nanoTime();
        for (int from = 0; from < records; from += perPayload) {
            ArrayNode items = JSON.createArrayNode();
            for (int i = from; i < Math.min(records, from + perPayload); i++) {
                items.add(decision(tag, i));
            }
            byte[] body = JSON.createObjectNode().set("items", items).toString().getBytes(StandardCharsets.UTF_8);
            RawInput input = raw.store("bench-batch", "poll", tag + "/" + from, Map.of(), body, false);
            IntakeOutcome outcome = intake.process(input);
            assertThat(outcome.status()).isEqualTo(IntakeOutcome.Status.ACCEPTED);
        }
        long intake = System.nanoTime() - start;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
        long total = System.nanoTime() - start;
        assertThat(jdbc.queryForObject("select count(*) from decision where source_record_id like ?", Long.class,
                tag + "-%")).isEqualTo(records);
        return new long[] {intake, total};
    }

    private static ObjectNode decision(String tag, int i) {
        ObjectNode d = JSON.createObjectNode();
        d.put("documentNumber", "石审批许〔2026〕" + tag + "-" + i + "号");
        d.put("recordId", tag + "-" + i);
        d.put("decisionType", "GRANT");
        d.put("decisionDate", "2026-11-20");
        d.putObject("matter").put("code", "640200-SPJ-ZJ-0008").put("name", "建筑工程施工许可证核发");
        d.putObject("subject").put("category", "ORGANIZATION").put("name", "宁夏星光置业有限公司")
                .put("uscc", "91640205MA7K8L9M0M");
        d.putObject("licence").put("name", "建筑工程施工许可证").put("number", "640202202611" + i);
        d.putObject("issuingAuthority").put("name", "石嘴山市审批服务管理局");
        return d;
    }

    private static void writeMapping(Path dir) {
        try {
            Path sources = Files.createDirectories(dir.resolve("config/mappings/sources"));
            Files.writeString(sources.resolve("bench-batch.yaml"), """
                    name: bench-batch
                    source: MANUAL
                    title: many canonical decisions in one payload (benchmark only)
                    version: 1
                    format: json
                    records: items
                    recordId: recordId
                    fields:
                      documentNumber:        {path: documentNumber}
                      decisionType:          {path: decisionType}
                      decisionDate:          {path: decisionDate, transform: date}
                      matter.code:           {path: matter.code, transform: code}
                      matter.name:           {path: matter.name}
                      subject.category:      {path: subject.category}
                      subject.name:          {path: subject.name}
                      subject.uscc:          {path: subject.uscc, transform: code}
                      licence.name:          {path: licence.name}
                      licence.number:        {path: licence.number, transform: code}
                      issuingAuthority.name: {path: issuingAuthority.name}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
