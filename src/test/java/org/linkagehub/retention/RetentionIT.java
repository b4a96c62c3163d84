package org.linkagehub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.delivery.DeliveryLedger;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.Json;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention on the real PostgreSQL (issue 16, item 7): rows past the cutoff are archived — the files read back equal
 * the rows, their sha256 the manifest's — and only then pruned; young rows, referenced raw inputs and the history of
 * an unsettled delivery stay; the default configuration prunes nothing; an archive that cannot be written deletes
 * nothing. Its rows are dated 1995, its delivery department a made-up one, and it removes what it made, so other
 * tests on the shared database never see them.
 */
class RetentionIT extends HubIntegrationTest {

    private static final Instant OLD = Instant.parse("1995-03-01T02:00:00Z");
    private static final Instant CUTOFF = Instant.parse("2000-01-01T00:00:00Z");
    private static final String DEPARTMENT = "RETENTION-IT";

    @Autowired
    RetentionJob configured;
    @Autowired
    RawInputStore raw;
    @Autowired
    DeliveryLedger deliveries;
    @Autowired
    AuditLog audit;
    @Autowired
    Json json;
    @Autowired
    Clock clock;
    @TempDir
    Path archive;

    private final String marker = "RET-" + UUID.randomUUID();
    private final List<UUID> decisions = new ArrayList<>();

    @AfterEach
    void removeWhatThisTestMade() {
        jdbc.update("delete from delivery_event e using delivery d where d.id = e.delivery_id and d.department = ?",
                DEPARTMENT);
        jdbc.update("delete from delivery where department = ?", DEPARTMENT);
        for (UUID decision : decisions) {
            jdbc.update("delete from decision where id = ?", decision);
        }
        jdbc.update("delete from quarantine where source_ref like ?", marker + "%");
        jdbc.update("delete from raw_input where source_ref like ?", marker + "%");
        jdbc.update("delete from audit_log where target like ?", marker + "%");
    }

    @Test
    void theDefaultConfigurationPrunesNothing() {
        long old = rawInput("default", OLD);
        long entry = auditEntry("default", OLD);

        RetentionJob.RetentionRun run = configured.run();

        assertThat(configured.properties().rawInput()).isNull();
        assertThat(configured.properties().deliveryEvents()).isNull();
        assertThat(configured.properties().audit()).isNull();
        assertThat(run.cutoffs()).isEmpty();
        assertThat(run.folder()).isNull();
        assertThat(run.archived()).isEmpty();
        assertThat(run.pruned()).isEmpty();
        assertThat(count("raw_input", old)).isOne();
        assertThat(count("audit_log", entry)).isOne();
    }

    @Test
    void oldRowsAreArchivedThenPrunedYoungAndReferencedOnesStay() throws Exception {
        List<Long> oldRaw = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            oldRaw.add(rawInput("old-" + i, OLD.plusSeconds(i)));
        }
        long youngRaw = rawInput("young", CUTOFF.plusSeconds(1));
        long quarantined = rawInput("quarantined", OLD);
        jdbc.update("""
                insert into quarantine (raw_input_id, source, source_ref, reasons, status, created_at)
                values (?, 'project-approval', ?, '[]'::jsonb, 'RESOLVED', ?)""", quarantined, marker + "-q",
                java.sql.Timestamp.from(OLD));
        long decided = rawInput("decided", OLD);
        UUID decision = decision(decided);

        UUID settled = delivery(decision, "SUPERVISION_STARTED", OLD.plusSeconds(3600));
        List<Long> settledEvents = List.of(event(settled, "PENDING", OLD), event(settled, "DISPATCHED", OLD),
                event(settled, "SIGNED", OLD.plusSeconds(60)), event(settled, "SUPERVISION_STARTED", OLD.plusSeconds(3600)));
        UUID open = delivery(decision, "DISPATCHED", OLD);
        long openEvent = event(open, "DISPATCHED", OLD);
        UUID lately = delivery(decision, "SUPERVISION_STARTED", CUTOFF.plusSeconds(60));
        long latelyEvent = event(lately, "PENDING", OLD);

        List<Long> oldAudit = List.of(auditEntry("a", OLD), auditEntry("b", OLD.plusSeconds(1)),
                auditEntry("c", OLD.plusSeconds(2)));
        long youngAudit = auditEntry("young", CUTOFF.plusSeconds(1));

        Map<Long, JsonNode> rawRows = rows("raw_input", oldRaw);
        Map<Long, JsonNode> eventRows = rows("delivery_event", settledEvents);
        Map<Long, JsonNode> auditRows = rows("audit_log", oldAudit);

        // two rows a statement, three a file: several files per kind and several deletes per file
        RetentionJob small = new RetentionJob(new RetentionProperties(null, null, null, archive, 2, 3), raw,
                deliveries, audit, json, clock);
        Map<RecordKind, Instant> cutoffs = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            cutoffs.put(kind, CUTOFF);
        }
        RetentionJob.RetentionRun run = small.run(cutoffs, archive);

        assertThat(run.error()).isNull();
        assertThat(run.folder()).isNotNull().startsWith(archive);
        Map<RecordKind, Map<Long, JsonNode>> archived = readBack(run.folder());
        assertThat(archived.get(RecordKind.RAW_INPUT)).containsAllEntriesOf(rawRows);
        assertThat(archived.get(RecordKind.DELIVERY_EVENTS)).containsAllEntriesOf(eventRows);
        assertThat(archived.get(RecordKind.AUDIT)).containsAllEntriesOf(auditRows);
        assertThat(archived.get(RecordKind.RAW_INPUT)).doesNotContainKeys(youngRaw, quarantined, decided);
        assertThat(archived.get(RecordKind.DELIVERY_EVENTS)).doesNotContainKeys(openEvent, latelyEvent);
        assertThat(archived.get(RecordKind.AUDIT)).doesNotContainKeys(youngAudit);
        assertThat(rawRows.get(oldRaw.get(0)).path("body").asText()).as("bytea as PostgreSQL's hex")
                .isEqualTo("\\x" + HexFormat.of().formatHex(("{\"n\":\"" + marker + "-old-0\"}")
                        .getBytes(StandardCharsets.UTF_8)));

        for (long id : oldRaw) {
            assertThat(count("raw_input", id)).as("raw input %d pruned", id).isZero();
        }
        for (long id : settledEvents) {
            assertThat(count("delivery_event", id)).as("event %d pruned", id).isZero();
        }
        for (long id : oldAudit) {
            assertThat(count("audit_log", id)).as("audit entry %d pruned", id).isZero();
        }
        for (long id : List.of(youngRaw, quarantined, decided)) {
            assertThat(count("raw_input", id)).as("raw input %d kept", id).isOne();
        }
        assertThat(count("delivery_event", openEvent)).as("an open delivery keeps its history").isOne();
        assertThat(count("delivery_event", latelyEvent)).as("a delivery settled after the cutoff keeps it").isOne();
        assertThat(count("audit_log", youngAudit)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from delivery where id = ?", Integer.class, settled))
                .as("the delivery itself stays").isOne();
        assertThat(run.pruned().get(RecordKind.RAW_INPUT)).isEqualTo(run.archived().get(RecordKind.RAW_INPUT));
        assertThat(audit.latest(1)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("RETENTION_ARCHIVED_PRUNED");
            assertThat(e.target()).isEqualTo(run.run());
        });

        RetentionJob.RetentionRun again = small.run(cutoffs, archive);
        if (again.folder() != null) {
            assertThat(readBack(again.folder()).get(RecordKind.RAW_INPUT)).as("a rerun finds none of them again")
                    .doesNotContainKeys(oldRaw.toArray(Long[]::new));
        }
    }

    @Test
    void anArchiveThatCannotBeWrittenDeletesNothing() throws IOException {
        long old = rawInput("unwritable", OLD);
        Path notAFolder = Files.writeString(archive.resolve("file"), "in the way");
        RetentionJob small = new RetentionJob(new RetentionProperties(null, null, null, notAFolder, 2, 3), raw,
                deliveries, audit, json, clock);

        assertThatThrownBy(() -> small.run(Map.of(RecordKind.RAW_INPUT, CUTOFF), notAFolder))
                .hasMessageContaining("stopped");

        assertThat(count("raw_input", old)).isOne();
        assertThat(small.last()).get().satisfies(r -> assertThat(r.error()).isNotNull());
    }

    /** Reads every file of a run back, checking each against the manifest and SHA256SUMS: rows by kind and id. */
    private Map<RecordKind, Map<Long, JsonNode>> readBack(Path folder) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode manifest = mapper.readTree(folder.resolve("manifest.json").toFile());
        assertThat(manifest.path("finishedAt").isTextual()).isTrue();
        List<String> sums = Files.readAllLines(folder.resolve("SHA256SUMS"));
        assertThat(sums).hasSize(manifest.path("files").size());
        Map<RecordKind, Map<Long, JsonNode>> rows = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            rows.put(kind, new HashMap<>());
        }
        int i = 0;
        for (JsonNode file : manifest.path("files")) {
            Path path = folder.resolve(file.path("name").asText());
            byte[] bytes = Files.readAllBytes(path);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(file.path("sha256").asText()).as("sha256 of %s", path).isEqualTo(sha256);
            assertThat(sums.get(i++)).isEqualTo(sha256 + "  " + file.path("name").asText());
            assertThat(file.path("bytes").asLong()).isEqualTo(bytes.length);
            RecordKind kind = RecordKind.valueOf(file.path("kind").asText().replace('-', '_').toUpperCase());
            assertThat(file.path("table").asText()).isEqualTo(kind.table());
            List<Long> ids = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(path)), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    JsonNode row = mapper.readTree(line);
                    ids.add(row.path("id").asLong());
                    rows.get(kind).put(row.path("id").asLong(), row);
                }
            }
            assertThat(ids).hasSize(file.path("rows").asInt()).isSorted();
            assertThat(ids.get(0)).isEqualTo(file.path("firstId").asLong());
            assertThat(ids.get(ids.size() - 1)).isEqualTo(file.path("lastId").asLong());
            assertThat(ids.size()).isLessThanOrEqualTo(3);
        }
        try (var listing = Files.list(folder)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
        return rows;
    }

    private Map<Long, JsonNode> rows(String table, List<Long> ids) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<Long, JsonNode> rows = new HashMap<>();
        for (long id : ids) {
            rows.put(id, mapper.readTree(jdbc.queryForObject(
                    "select row_to_json(t)::text from " + table + " t where id = ?", String.class, id)));
        }
        return rows;
    }

    private long rawInput(String name, Instant at) {
        byte[] body = ("{\"n\":\"" + marker + "-" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        return jdbc.queryForObject("""
                insert into raw_input (source, transport, source_ref, body, size_bytes, sha256, received_at, outcome)
                values ('project-approval', 'webhook', ?, ?, ?, ?, ?, 'DUPLICATE') returning id""", Long.class,
                marker + "-" + name, body, body.length, Json.sha256(body), java.sql.Timestamp.from(at));
    }

    private UUID decision(long rawInputId) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into decision (id, lineage_id, version, document_number, decision_type, decision_date,
                       matter_code, subject_name, source_system, source_record_id, fact_hash, raw_input_id, routed,
                       payload, created_at)
                values (?, ?, 1, ?, 'GRANT', date '1995-03-01', '640200-SPJ-ZJ-0008', 'retention test',
                        'PROJECT_APPROVAL', ?, repeat('0', 64), ?, true, '{}'::jsonb, ?)""", id, UUID.randomUUID(),
                marker + "-doc", marker, rawInputId, java.sql.Timestamp.from(OLD));
        decisions.add(id);
        return id;
    }

    private UUID delivery(UUID decision, String status, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into delivery (id, decision_id, department, role, channel, status, routing_rule,
                       routing_version, created_at, updated_at)
                values (?, ?, ?, 'PRIMARY', 'queue', ?, 'test', 'test', ?, ?)""", id, decision, DEPARTMENT, status,
                java.sql.Timestamp.from(OLD), java.sql.Timestamp.from(updatedAt));
        return id;
    }

    private long event(UUID delivery, String status, Instant at) {
        return jdbc.queryForObject("""
                insert into delivery_event (delivery_id, status, at, actor, note) values (?, ?, ?, 'test', ?)
                returning id""", Long.class, delivery, status, java.sql.Timestamp.from(at), marker);
    }

    private long auditEntry(String name, Instant at) {
        return jdbc.queryForObject("""
                insert into audit_log (at, actor, action, target, before, after)
                values (?, 'test', 'TEST', ?, null, '{"x":1}'::jsonb) returning id""", Long.class,
                java.sql.Timestamp.from(at), marker + "-" + name);
    }

    private int count(String table, long id) {
        return jdbc.queryForObject("select count(*) from " + table + " where id = ?", Integer.class, id);
    }
}
