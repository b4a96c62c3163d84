package org.linkagehub.raw;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.ArchiveRow;
import org.linkagehub.platform.GroupCommit;
import org.linkagehub.platform.GroupCommitProperties;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every inbound payload, committed in its own transaction before it is parsed, so that it survives
 * whatever happens next: a parser bug, a crash, a rollback of the decision's transaction.
 */
@Repository
public class RawInputStore {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private static final String SELECT = """
            select id, source, transport, source_ref, metadata, body, truncated, sha256, received_at from raw_input""";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate ownTransaction;
    private final Json json;
    private final Clock clock;
    private final GroupCommit<Row, RawInput> together;
    /** The test that nothing points at raw input {@code r}, built from the database's own foreign keys. */
    private volatile String unreferenced;

    public RawInputStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Json json, Clock clock,
            GroupCommitProperties groups) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.clock = clock;
        this.together = new GroupCommit<>(groups.maxJobs(), this::write);
    }

    /**
     * Keeps one payload, committed before the call returns. Payloads stored at the same time by several callers (the
     * webhook's concurrent requests) are committed together, in one multi-row insert and one commit
     * ({@link GroupCommit}); a payload stored alone is one insert and its commit, at once.
     */
    public RawInput store(String source, String transport, String sourceRef, Map<String, String> metadata, byte[] body,
            boolean truncated) {
        return together.submit(prepare(new Payload(source, transport, sourceRef, metadata, body, truncated),
                clock.instant()));
    }

    /** How many groups of raw inputs {@link #store} has committed, how many raw inputs they held, how many wait. */
    public GroupCommit.Figures groupCommits() {
        return together.figures();
    }

    /**
     * A payload as it is written: what the hub writes about the bytes must be storable text (no NUL, no lone
     * surrogate: PostgreSQL refuses the one, UTF-8 cannot encode the other); the bytes are kept as they came.
     */
    private Row prepare(Payload p, Instant at) {
        Map<String, String> storable = new LinkedHashMap<>();
        if (p.metadata() != null) {
            p.metadata().forEach((k, v) -> storable.put(StrictInput.storable(k, 200), StrictInput.storable(v, 2000)));
        }
        return new Row(p.source(), p.transport(), StrictInput.storable(p.sourceRef(), 500), storable,
                json.write(storable), p.body(), p.truncated(), Json.sha256(p.body()), at);
    }

    /** Writes the rows in one transaction of their own: one insert for a row alone, else one multi-row insert. */
    private List<RawInput> write(List<Row> rows) {
        if (rows.size() == 1) {
            Row r = rows.get(0);
            Long id = ownTransaction.execute(tx -> jdbc.queryForObject("""
                    insert into raw_input (source, transport, source_ref, metadata, body, size_bytes, truncated, sha256,
                        received_at)
                    values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning id""", Long.class, r.source, r.transport, r.ref,
                    r.meta, r.body, r.body.length, r.truncated, r.sha256, Timestamp.from(r.at)));
            return List.of(r.stored(id));
        }
        List<RawInput> inputs = new ArrayList<>(rows.size());
        ownTransaction.executeWithoutResult(tx -> {
            List<Long> ids = jdbc.queryForList("select nextval('raw_input_id_seq') from generate_series(1, ?)", Long.class,
                    rows.size());
            List<Object[]> args = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                inputs.add(r.stored(ids.get(i)));
                args.add(new Object[] {ids.get(i), r.source, r.transport, r.ref, r.meta, r.body, r.body.length,
                    r.truncated, r.sha256, Timestamp.from(r.at)});
            }
            // one statement: reWriteBatchedInserts makes the batch a multi-row insert
            jdbc.batchUpdate("""
                    insert into raw_input (id, source, transport, source_ref, metadata, body, size_bytes, truncated, sha256,
                        received_at)
                    values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""", args);
        });
        return inputs;
    }

    private record Row(String source, String transport, String ref, Map<String, String> storable, String meta,
            byte[] body, boolean truncated, String sha256, Instant at) {

        RawInput stored(long id) {
            return new RawInput(id, source, transport, ref, storable, body, truncated, sha256, at);
        }
    }

    public RawInput find(long id) {
        return jdbc.queryForObject(SELECT + " where id = ?", this::row, id);
    }

    /** The payloads with the given ids, in no particular order; those not stored are left out. */
    public List<RawInput> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return named.query(SELECT + " where id in (:ids)", Map.of("ids", ids), this::row);
    }

    /**
     * The payload stored earlier with the same source, reference and bytes that could not be read at all
     * ({@code MALFORMED}): a poll that meets it again need not store and quarantine it once more.
     */
    public Optional<Long> sameMalformed(String source, String sourceRef, String sha256) {
        return jdbc.queryForList("""
                select id from raw_input where source = ? and source_ref = ? and sha256 = ? and outcome = 'MALFORMED'
                order by id limit 1""", Long.class, source, sourceRef, sha256).stream().findFirst();
    }

    private RawInput row(ResultSet rs, int n) throws SQLException {
        return new RawInput(rs.getLong("id"), rs.getString("source"), rs.getString("transport"),
                rs.getString("source_ref"), json.read(rs.getString("metadata"), METADATA), rs.getBytes("body"),
                rs.getBoolean("truncated"), rs.getString("sha256"), rs.getTimestamp("received_at").toInstant());
    }

    /** Records what became of a payload; runs inside the caller's transaction. */
    public void markOutcome(long id, String outcome, UUID decisionId) {
        jdbc.update("update raw_input set outcome = ?, outcome_at = ?, decision_id = ? where id = ?", outcome,
                Timestamp.from(clock.instant()), decisionId, id);
    }

    /**
     * The highest id among the raw inputs received before {@code cutoff}, 0 if there is none: the retention job
     * walks the ids up to it, so that no page reads past the old rows into the young ones.
     */
    public long lastIdBefore(Instant cutoff) {
        Long id = jdbc.queryForObject("select max(id) from raw_input where received_at < ?", Long.class,
                Timestamp.from(cutoff));
        return id == null ? 0 : id;
    }

    /**
     * Up to {@code limit} raw inputs past their retention, ids in {@code (afterId, upToId]}, in id order, each as
     * the whole row: received before {@code cutoff} and referenced by no other row. A payload that became a decision,
     * a quarantine entry, a case or a refused receipt stays as long as that row does (none of them is ever deleted),
     * because it is the evidence behind it; what goes are the payloads that led nowhere for good: duplicates,
     * receipts and replies applied, rejected requests.
     */
    public List<ArchiveRow> pastRetention(Instant cutoff, long afterId, long upToId, int limit) {
        return jdbc.query("""
                select r.id, r.received_at, row_to_json(r)::text as line from raw_input r
                where r.id > ? and r.id <= ? and r.received_at < ? and %s order by r.id limit ?"""
                .formatted(unreferenced()), (rs, n) -> new ArchiveRow(rs.getLong("id"),
                        rs.getTimestamp("received_at").toInstant(), rs.getString("line")),
                afterId, upToId, Timestamp.from(cutoff), limit);
    }

    /**
     * Deletes the raw inputs with the given ids (archived by the caller) that are still past their retention, in one
     * short transaction of its own; one that something came to reference since it was read stays. Returns how many
     * rows went.
     */
    public int prune(long[] ids, Instant cutoff) {
        Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
        return ownTransaction.execute(tx -> jdbc.update(con -> {
            PreparedStatement delete = con.prepareStatement(
                    "delete from raw_input r where r.id = any(?) and r.received_at < ? and " + unreferenced());
            delete.setArray(1, con.createArrayOf("bigint", boxed));
            delete.setTimestamp(2, Timestamp.from(cutoff));
            return delete;
        }));
    }

    /**
     * Every foreign key that points at {@code raw_input}, read once from PostgreSQL's catalogue, as a {@code not
     * exists} per referencing column: a feature that adds a table referencing raw inputs keeps them from being pruned
     * without telling this package.
     */
    private String unreferenced() {
        String test = unreferenced;
        if (test == null) {
            List<String> clauses = jdbc.query("""
                    select quote_ident(n.nspname) || '.' || quote_ident(t.relname) as referencing,
                           quote_ident(a.attname) as referencing_column
                    from pg_constraint c join pg_class t on t.oid = c.conrelid
                         join pg_namespace n on n.oid = t.relnamespace
                         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                    where c.contype = 'f' and c.confrelid = 'raw_input'::regclass order by 1, 2""",
                    (rs, n) -> "not exists (select 1 from %s x where x.%s = r.id)".formatted(
                            rs.getString("referencing"), rs.getString("referencing_column")));
            test = clauses.isEmpty() ? "true" : String.join(" and ", clauses);
            unreferenced = test;
        }
        return test;
    }

    /** A payload to keep, as {@link #store} takes it. */
    public record Payload(String source, String transport, String sourceRef, Map<String, String> metadata, byte[] body,
            boolean truncated) {
    }

    /**
     * {@link #store} for a batch: the payloads are kept in one transaction of their own, committed before any of
     * them is read (raw first still holds for each), and come back in the order given.
     */
    public List<RawInput> storeAll(List<Payload> payloads) {
        if (payloads.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>(payloads.size());
        payloads.forEach(p -> rows.add(prepare(p, now)));
        return write(rows);
    }

    /** {@link #markOutcome} for a batch, without a decision, in one statement in the caller's transaction. */
    public void markOutcomes(Map<Long, String> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(outcomes.keySet());
        List<String> names = new ArrayList<>(ids.size());
        ids.forEach(id -> names.add(outcomes.get(id)));
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    update raw_input r set outcome = u.outcome, outcome_at = ?, decision_id = null
                    from unnest(?::bigint[], ?::text[]) u(id, outcome) where r.id = u.id""");
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setArray(2, con.createArrayOf("bigint", ids.toArray()));
            ps.setArray(3, con.createArrayOf("text", names.toArray()));
            return ps;
        });
    }
}
