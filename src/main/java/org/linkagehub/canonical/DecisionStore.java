package org.linkagehub.canonical;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Decisions and their lineages. Runs inside the intake's transaction; a transaction-scoped advisory lock
 * on the lineage's document number keeps two versions of one licence from taking the same number.
 */
@Repository
public class DecisionStore {

    private final JdbcTemplate jdbc;
    private final Json json;

    public DecisionStore(JdbcTemplate jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** sha256 of the fact, independent of which platform delivered it and when. */
    public String factHash(Decision decision) {
        return Json.sha256(json.write(decision.fact()));
    }

    /**
     * Locks the lineage a decision belongs to (by the document number it supersedes, else its own) until the
     * transaction ends, then finds the decision already stored for the same fact, if any.
     */
    public Optional<UUID> lockAndFindSameFact(Decision decision, String factHash) {
        String key = decision.supersedes() != null ? decision.supersedes() : decision.documentNumber();
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 7))", Object.class, key);
        List<UUID> same = jdbc.queryForList(
                "select id from decision where document_number = ? and fact_hash = ? limit 1", UUID.class,
                decision.documentNumber(), factHash);
        return same.stream().findFirst();
    }

    /**
     * Gives a new decision its identity. It joins the lineage of the decision it supersedes, of an earlier
     * version with the same document number or the same platform record, or of a later version that already
     * names it as superseded (a change that arrived before its grant); else it is version 1 of a new lineage.
     * Within a lineage it gets the next version number and, when the platform did not say, {@code supersedes} =
     * the latest version's document number. A platform that re-sends an amended case as granted again (the hall
     * does) has made a change: the decision becomes a CHANGE.
     */
    public Decision identify(Decision decision) {
        String own = decision.documentNumber();
        String previous = decision.supersedes() == null ? own : decision.supersedes();
        List<Lineage> found = jdbc.query("""
                select d.lineage_id, latest.version as latest, latest.document_number as latest_number,
                       (d.document_number = ? or (d.source_system = ? and d.source_record_id = ?)) as same_case
                from decision d
                join lateral (select v.version, v.document_number from decision v where v.lineage_id = d.lineage_id
                              order by v.version desc limit 1) latest on true
                where d.document_number = ? or d.document_number = ? or d.supersedes = ?
                   or (d.source_system = ? and d.source_record_id = ?)
                order by d.created_at desc limit 1""",
                (rs, n) -> new Lineage(rs.getObject("lineage_id", UUID.class), rs.getInt("latest"),
                        rs.getString("latest_number"), rs.getBoolean("same_case")),
                own, decision.source().system().name(), recordIdOf(decision),
                previous, own, own, decision.source().system().name(), recordIdOf(decision));
        UUID id = UUID.randomUUID();
        if (found.isEmpty()) {
            return decision.withIdentity(id.toString(), UUID.randomUUID().toString(), 1);
        }
        Lineage lineage = found.get(0);
        Decision versioned = decision;
        if (decision.decisionType() == Decision.DecisionType.GRANT && lineage.sameCase()) {
            versioned = versioned.withType(Decision.DecisionType.CHANGE);
        }
        if (versioned.supersedes() == null && versioned.decisionType() != Decision.DecisionType.GRANT) {
            versioned = versioned.withSupersedes(lineage.latestNumber());
        }
        return versioned.withIdentity(id.toString(), lineage.id().toString(), lineage.latest() + 1);
    }

    /** The departments that received earlier versions of a lineage, with the role they had. */
    public List<String[]> lineageDepartments(UUID lineageId) {
        return jdbc.query("""
                select distinct on (l.department) l.department, l.role from delivery l
                join decision x on x.id = l.decision_id where x.lineage_id = ? order by l.department, l.role desc""",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, lineageId);
    }

    private static String recordIdOf(Decision d) {
        return d.source().recordId() == null ? "" : d.source().recordId();
    }

    public void insert(Decision d, String factHash, long rawInputId, boolean routed, Instant now) {
        String payload = json.write(d);
        jdbc.update("""
                insert into decision (id, lineage_id, version, document_number, decision_type, decision_date, matter_code,
                    subject_name, subject_uscc, subject_id_number, supersedes, source_system, source_record_id, fact_hash,
                    raw_input_id, historical, routed, payload, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""",
                UUID.fromString(d.decisionId()), UUID.fromString(d.lineageId()), d.version(), d.documentNumber(),
                d.decisionType().name(), Date.valueOf(d.decisionDate()), d.matter().code(), d.subject().name(),
                d.subject().uscc(), d.subject().idNumber(), d.supersedes(), d.source().system().name(),
                d.source().recordId() == null ? "" : d.source().recordId(), factHash, rawInputId,
                Boolean.TRUE.equals(d.historical()), routed, payload, Timestamp.from(now));
    }

    private record Lineage(UUID id, int latest, String latestNumber, boolean sameCase) {
    }

}
