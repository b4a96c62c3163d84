package org.linkagehub.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Each polled platform's read position ({@code source_cursor}), opaque to the hub: the hall's {@code nextSince},
 * the view's last change time and row id. Saved only once everything before it is stored.
 */
@Repository
public class SourceCursors {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SourceCursors(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> get(String source) {
        List<String> found = jdbc.queryForList("select position from source_cursor where source = ?", String.class,
                source);
        return found.stream().findFirst();
    }

    /** Joins the caller's transaction when there is one. */
    public void put(String source, String position) {
        jdbc.update("""
                insert into source_cursor (source, position, updated_at) values (?, ?, ?)
                on conflict (source) do update set position = excluded.position, updated_at = excluded.updated_at""",
                source, position, Timestamp.from(clock.instant()));
    }

    /** Forgets the position, so the next poll starts from the configured start point (an operator's re-read). */
    public void reset(String source) {
        jdbc.update("delete from source_cursor where source = ?", source);
    }
}
