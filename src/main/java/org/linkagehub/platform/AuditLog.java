package org.linkagehub.platform;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Records operator actions — who, when, what, before and after — in the caller's transaction. */
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

    private String write(Object value) {
        return value == null ? null : json.write(value);
    }
}
