package org.linkagehub.quarantine;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.HubMetrics;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Writes quarantine records in the caller's transaction, beside the raw input they refer to. */
@Repository
public class QuarantineStore {

    /** The status of an entry whose payload was later sent again whole and taken; see {@link #supersede}. */
    public static final String SUPERSEDED = "SUPERSEDED";

    private final JdbcTemplate jdbc;
    private final Json json;
    private final Clock clock;
    private final HubMetrics metrics;

    public QuarantineStore(JdbcTemplate jdbc, Json json, Clock clock, HubMetrics metrics) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A record refused before any mapping read it: a request refused at the door, a file that cannot be read. */
    public long quarantine(long rawInputId, String source, String sourceRef, List<Reason> reasons) {
        return quarantine(rawInputId, source, sourceRef, reasons, null);
    }

    /** @param mapping the mapping that refused the record; kept when a replay after a fix accepts it */
    public long quarantine(long rawInputId, String source, String sourceRef, List<Reason> reasons, MappingRef mapping) {
        // a hostile value inside a reason must not make PostgreSQL refuse the quarantine entry itself
        String reasonsJson = json.write(reasons.stream().map(StrictInput::storable).toList());
        metrics.quarantined(source, reasons.stream().map(Reason::rule).toList());
        return jdbc.queryForObject("""
                insert into quarantine (raw_input_id, source, source_ref, reasons, created_at, mapping_name,
                    mapping_version, mapping_sha256)
                values (?, ?, ?, ?::jsonb, ?, ?, ?, ?) returning id""", Long.class, rawInputId, source,
                StrictInput.storable(sourceRef, 500),
                reasonsJson, Timestamp.from(clock.instant()), mapping == null ? null : mapping.name(),
                mapping == null ? null : mapping.version(), mapping == null ? null : mapping.sha256());
    }

    /**
     * Closes the OPEN entries of an earlier payload that was refused whole (a cut-off file, one too large, one the
     * hub could not read) and that a later payload of the same source and reference (a file sent again whole under
     * the same name) has replaced: status {@value #SUPERSEDED}, and {@code replayedAs} names the raw input that
     * replaced it and what became of it. Entries about single records of a payload, and entries of later payloads,
     * stay as they are. In the caller's transaction, if any.
     *
     * @param outcome what the replacing payload came to (ACCEPTED, DUPLICATE, SKIPPED)
     * @param by      who resolves them, as {@code resolvedBy} shows it (the intake step, not an operator)
     * @return the ids of the entries closed, oldest first
     */
    public List<Long> supersede(String source, String sourceRef, long replacedBy, String outcome, String by) {
        String result = json.write(Map.of("supersededBy", replacedBy, "status", outcome));
        return jdbc.queryForList("""
                update quarantine q set status = 'SUPERSEDED', resolved_at = ?, resolved_by = ?,
                    replayed_as = ?::jsonb
                from raw_input r
                where r.id = q.raw_input_id and q.source = ? and q.source_ref = ? and q.status = 'OPEN'
                    and q.raw_input_id < ? and r.outcome in ('MALFORMED', 'REJECTED')
                returning q.id""", Long.class, Timestamp.from(clock.instant()), by, result, source,
                StrictInput.storable(sourceRef, 500), replacedBy).stream().sorted().toList();
    }

    public long countOpen() {
        Long n = jdbc.queryForObject("select count(*) from quarantine where status = 'OPEN'", Long.class);
        return n == null ? 0 : n;
    }
}
