package org.linkagehub.platform;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Records operator actions — who, when, what, before and after — in the caller's transaction, and reads the latest
 * back for the console.
 */
@Repository
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final Json json;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Json json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, Object before, Object after) {
        jdbc.update("insert into audit_log (at, actor, action, target, before, after) values (?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                Timestamp.from(clock.instant()), actor, action, target, write(before), write(after));
    }

    /** The latest {@code limit} actions, newest first; before and after as the JSON recorded. */
    public List<Entry> latest(int limit) {
        return jdbc.query("select at, actor, action, target, before::text as before, after::text as after from audit_log "
                + "order by id desc limit ?", (rs, n) -> new Entry(BeijingTime.of(rs.getTimestamp("at").toInstant()),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("before"),
                        rs.getString("after")), limit);
    }

    private String write(Object value) {
        return value == null ? null : json.write(value);
    }

    /** One recorded action; {@code at} in Beijing time. */
    public record Entry(OffsetDateTime at, String actor, String action, String target, String before, String after) {
    }
}
