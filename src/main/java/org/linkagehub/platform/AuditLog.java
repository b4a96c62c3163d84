package org.linkagehub.platform;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Records operator actions — who, when, what, before and after — in the caller's transaction, and reads the latest
 * back for the console; past the retention an operator sets, hands old ones to the archive and deletes them.
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

    /** The highest id among the actions recorded before {@code cutoff}, 0 if there is none. */
    public long lastIdBefore(Instant cutoff) {
        Long id = jdbc.queryForObject("select max(id) from audit_log where at < ?", Long.class, Timestamp.from(cutoff));
        return id == null ? 0 : id;
    }

    /**
     * Up to {@code limit} actions recorded before {@code cutoff}, ids in {@code (afterId, upToId]}, in id order, each
     * as the whole row: what the retention job archives before {@link #prune} deletes them.
     */
    public List<ArchiveRow> pastRetention(Instant cutoff, long afterId, long upToId, int limit) {
        return jdbc.query("""
                select a.id, a.at, row_to_json(a)::text as line from audit_log a
                where a.id > ? and a.id <= ? and a.at < ? order by a.id limit ?""", (rs, n) -> new ArchiveRow(
                        rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("line")),
                afterId, upToId, Timestamp.from(cutoff), limit);
    }

    /**
     * Deletes the actions with the given ids (archived by the caller) recorded before {@code cutoff}, in one
     * statement (one short transaction of its own outside the caller's); returns how many rows went.
     */
    public int prune(long[] ids, Instant cutoff) {
        Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
        return jdbc.update(con -> {
            PreparedStatement delete = con.prepareStatement("delete from audit_log where id = any(?) and at < ?");
            delete.setArray(1, con.createArrayOf("bigint", boxed));
            delete.setTimestamp(2, Timestamp.from(cutoff));
            return delete;
        });
    }

    private String write(Object value) {
        return value == null ? null : json.write(value);
    }

    /** One recorded action; {@code at} in Beijing time. */
    public record Entry(OffsetDateTime at, String actor, String action, String target, String before, String after) {
    }
}
