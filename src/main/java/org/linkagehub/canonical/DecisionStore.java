package org.linkagehub.canonical;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Decisions and their lineages: the statements behind {@link DecisionVersions}, their only user. Runs inside the
 * intake's transaction; transaction-scoped advisory locks on the lineages' document numbers keep two versions of
 * one licence from taking the same number. Every lookup takes a whole chunk of records in one statement, so a page
 * of 500 records costs a handful of round trips.
 */
@Repository
class DecisionStore {

    private final JdbcTemplate jdbc;
    private final Json json;

    DecisionStore(JdbcTemplate jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** sha256 of the fact, independent of which platform delivered it and when. */
    String factHash(Decision decision) {
        return Json.sha256(json.write(decision.fact()));
    }

    /** The key a decision's lineage is locked by: the number it supersedes, else its own. */
    static String lockKey(Decision decision) {
        return decision.supersedes() != null ? decision.supersedes() : decision.documentNumber();
    }

    /** Locks the lineages of these decisions until the transaction ends, in one order, so two intakes never deadlock. */
    void lock(Collection<Decision> decisions) {
        TreeSet<String> keys = new TreeSet<>();
        decisions.forEach(d -> keys.add(lockKey(d)));
        if (keys.isEmpty()) {
            return;
        }
        jdbc.query(con -> statement(con, """
                select count(pg_advisory_xact_lock(hashtextextended(k, 7)))
                from (select k from unnest(?::text[]) k order by k) keys""", keys.toArray(String[]::new)), rs -> {
        });
    }

    /** The stored decisions with the same document number and fact, by {@link #factKey}. */
    Map<String, UUID> sameFacts(List<Decision> decisions, List<String> factHashes) {
        Map<String, UUID> found = new HashMap<>();
        if (decisions.isEmpty()) {
            return found;
        }
        String[] numbers = decisions.stream().map(Decision::documentNumber).toArray(String[]::new);
        // one index probe per record, whatever the table's size: as a plain join, a chunk of 200 numbers made the
        // planner hash-join a sequential scan of the whole table (MarketViewPollBench: 44 ms a chunk, growing)
        jdbc.query(con -> statement(con, """
                select x.id, q.number, q.hash from unnest(?::text[], ?::text[]) q(number, hash)
                join lateral (select d.id from decision d where d.document_number = q.number and d.fact_hash = q.hash
                              limit 1) x on true""",
                numbers, factHashes.toArray(String[]::new)), rs -> {
            found.putIfAbsent(factKey(rs.getString(2), rs.getString(3)), rs.getObject(1, UUID.class));
        });
        return found;
    }

    static String factKey(String documentNumber, String factHash) {
        return documentNumber + '\u0000' + factHash;
    }

    /**
     * The lineage each decision belongs to, by its index in the list (absent: a new lineage). A decision joins the
     * lineage of the decision it supersedes, of an earlier version with the same document number or the same
     * platform record, or of a later version that already names it as superseded (a change that arrived before
     * its grant). Sees only what is stored: the intake never looks up together two decisions that relate to each
     * other ({@link DecisionVersions.Run}).
     */
    Map<Integer, Lineage> lineages(List<Decision> decisions) {
        Map<Integer, Lineage> found = new HashMap<>();
        if (decisions.isEmpty()) {
            return found;
        }
        String[] own = decisions.stream().map(Decision::documentNumber).toArray(String[]::new);
        String[] previous = decisions.stream().map(DecisionStore::lockKey).toArray(String[]::new);
        String[] system = decisions.stream().map(d -> d.source().system()).toArray(String[]::new);
        String[] record = decisions.stream().map(DecisionStore::recordIdOf).toArray(String[]::new);
        jdbc.query(con -> statement(con, """
                select q.i, x.lineage_id, latest.version, latest.document_number, x.same_case
                from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality q(own, previous, system, record, i)
                -- one indexed lookup per way of belonging, the few candidates sorted by themselves: with an OR, or
                -- with the sort on a join, the planner walks the whole created_at index instead
                join lateral (
                    select c.lineage_id,
                           (c.document_number = q.own or (c.source_system = q.system and c.source_record_id = q.record)) as same_case
                    from (select lineage_id, created_at, document_number, source_system, source_record_id
                              from decision where document_number = q.previous
                          union all select lineage_id, created_at, document_number, source_system, source_record_id
                              from decision where document_number = q.own
                          union all select lineage_id, created_at, document_number, source_system, source_record_id
                              from decision where supersedes = q.own
                          union all select lineage_id, created_at, document_number, source_system, source_record_id
                              from decision where source_system = q.system and source_record_id = q.record) c
                    order by c.created_at desc limit 1) x on true
                join lateral (select v.version, v.document_number from decision v where v.lineage_id = x.lineage_id
                              order by v.version desc limit 1) latest on true""", own, previous, system, record), rs -> {
            found.put(rs.getInt(1) - 1, new Lineage(rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4),
                    rs.getBoolean(5)));
        });
        return found;
    }

    /**
     * Gives a new decision its identity in its lineage (null: version 1 of a new one): the next version number
     * and, when the platform did not say, {@code supersedes} = the latest version's document number. A platform
     * that re-sends an amended case as granted again (the hall does) has made a change: it becomes a CHANGE.
     */
    static Decision identify(Decision decision, Lineage lineage) {
        UUID id = UUID.randomUUID();
        if (lineage == null) {
            return decision.withIdentity(id.toString(), UUID.randomUUID().toString(), 1);
        }
        Decision versioned = decision;
        if (decision.decisionType() == Decision.DecisionType.GRANT && lineage.sameCase()) {
            versioned = versioned.withType(Decision.DecisionType.CHANGE);
        }
        if (versioned.supersedes() == null && versioned.decisionType() != Decision.DecisionType.GRANT) {
            versioned = versioned.withSupersedes(lineage.latestNumber());
        }
        return versioned.withIdentity(id.toString(), lineage.id().toString(), lineage.latest() + 1);
    }

    /**
     * The departments that received earlier versions of these lineages, with the role they had, by lineage (every
     * lineage asked for is a key; empty: none). One statement for a whole chunk's later versions.
     */
    Map<UUID, List<String[]>> lineageDepartments(Collection<UUID> lineageIds) {
        Map<UUID, List<String[]>> found = new HashMap<>();
        lineageIds.forEach(id -> found.put(id, new ArrayList<>()));
        if (found.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select distinct on (x.lineage_id, l.department) x.lineage_id, l.department, l.role from delivery l
                    join decision x on x.id = l.decision_id where x.lineage_id = any(?)
                    order by x.lineage_id, l.department, l.role desc""");
            ps.setArray(1, con.createArrayOf("uuid", found.keySet().toArray()));
            return ps;
        }, rs -> {
            found.get(rs.getObject(1, UUID.class)).add(new String[] {rs.getString(2), rs.getString(3)});
        });
        return found;
    }

    /** The decision as stored in {@code decision.payload}; the intake writes it once and plans deliveries from it too. */
    String payload(Decision d) {
        return json.write(d);
    }

    /**
     * One row for {@link #insertAll}, with the decision's {@link #payload}.
     *
     * @param mapping the mapping that made the decision, kept beside it (not in the payload departments receive)
     */
    Object[] row(Decision d, String payload, String factHash, long rawInputId, boolean routed,
            MappingRef mapping, Instant now) {
        return new Object[] {UUID.fromString(d.decisionId()), UUID.fromString(d.lineageId()), d.version(),
            d.documentNumber(), d.decisionType().name(), Date.valueOf(d.decisionDate()), d.matter().code(),
            d.subject().name(), d.subject().uscc(), d.subject().idNumber(), d.supersedes(), d.source().system(),
            recordIdOf(d), factHash, rawInputId, Boolean.TRUE.equals(d.historical()), routed, payload,
            Timestamp.from(now), mapping.name(), mapping.version(), mapping.sha256()};
    }

    void insertAll(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into decision (id, lineage_id, version, document_number, decision_type, decision_date, matter_code,
                    subject_name, subject_uscc, subject_id_number, supersedes, source_system, source_record_id, fact_hash,
                    raw_input_id, historical, routed, payload, created_at, mapping_name, mapping_version, mapping_sha256)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""", rows);
    }

    private static String recordIdOf(Decision d) {
        return d.source().recordId() == null ? "" : d.source().recordId();
    }

    private static PreparedStatement statement(Connection con, String sql, String[]... arrays) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        for (int i = 0; i < arrays.length; i++) {
            Array array = con.createArrayOf("text", arrays[i]);
            ps.setArray(i + 1, array);
        }
        return ps;
    }

    /**
     * @param latest       the lineage's highest version
     * @param latestNumber that version's document number
     * @param sameCase     the match is the same document number or the same platform record, not a supersedes link
     */
    record Lineage(UUID id, int latest, String latestNumber, boolean sameCase) {
    }
}
