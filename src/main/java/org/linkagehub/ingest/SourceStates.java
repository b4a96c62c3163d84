package org.linkagehub.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Each source's health as {@link SourceMonitor} last wrote it ({@code source_state}), so a restart carries on
 * from it. Several hubs may share the table, so a write merges rather than overwrites: records add up, the later
 * of each time wins, and the last error goes with its time.
 */
@Repository
class SourceStates {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SourceStates(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<SourceState> load(String source) {
        return jdbc.query("""
                select last_success, last_error, last_error_at, newest_record_at, records
                from source_state where source = ?""", (rs, row) -> new SourceState(instant(rs, "last_success"),
                rs.getString("last_error"), instant(rs, "last_error_at"), instant(rs, "newest_record_at"),
                rs.getLong("records")), source).stream().findFirst();
    }

    /** Every stored source's state, by source; each hub's writes merged, as {@link #merge} leaves them. */
    Map<String, SourceState> loadAll() {
        Map<String, SourceState> all = new HashMap<>();
        jdbc.query("""
                select source, last_success, last_error, last_error_at, newest_record_at, records
                from source_state""", rs -> {
            all.put(rs.getString("source"), new SourceState(instant(rs, "last_success"), rs.getString("last_error"),
                    instant(rs, "last_error_at"), instant(rs, "newest_record_at"), rs.getLong("records")));
        });
        return all;
    }

    /**
     * One upsert of a source's state.
     *
     * @param state its {@code records} are those brought since this hub's previous merge of the source, added to the
     *              stored count; its times replace the stored ones only where they are later
     */
    void merge(String source, SourceState state) {
        jdbc.update("""
                insert into source_state (source, last_success, last_error, last_error_at, newest_record_at, records,
                    updated_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (source) do update set
                    last_success = greatest(source_state.last_success, excluded.last_success),
                    last_error = case when source_state.last_error_at is null
                            or excluded.last_error_at > source_state.last_error_at
                        then excluded.last_error else source_state.last_error end,
                    last_error_at = greatest(source_state.last_error_at, excluded.last_error_at),
                    newest_record_at = greatest(source_state.newest_record_at, excluded.newest_record_at),
                    records = source_state.records + excluded.records,
                    updated_at = excluded.updated_at""",
                source, timestamp(state.lastSuccess()), state.lastError(), timestamp(state.lastErrorAt()),
                timestamp(state.newestRecordAt()), state.records(), Timestamp.from(clock.instant()));
    }

    /** A source's health; {@code records} is a total when loaded, a delta when merged. */
    record SourceState(Instant lastSuccess, String lastError, Instant lastErrorAt, Instant newestRecordAt,
            long records) {
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
