package org.linkagehub.quarantine;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.linkagehub.canonical.Reason;
import org.linkagehub.metrics.HubMetrics;
import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Writes quarantine records in the caller's transaction, beside the raw input they refer to. */
@Repository
public class QuarantineStore {

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

    public long quarantine(long rawInputId, String source, String sourceRef, List<Reason> reasons) {
        String reasonsJson = json.write(reasons);
        metrics.quarantined(source, reasons);
        return jdbc.queryForObject("""
                insert into quarantine (raw_input_id, source, source_ref, reasons, created_at)
                values (?, ?, ?, ?::jsonb, ?) returning id""", Long.class, rawInputId, source, sourceRef, reasonsJson,
                Timestamp.from(clock.instant()));
    }

    public long countOpen() {
        Long n = jdbc.queryForObject("select count(*) from quarantine where status = 'OPEN'", Long.class);
        return n == null ? 0 : n;
    }
}
