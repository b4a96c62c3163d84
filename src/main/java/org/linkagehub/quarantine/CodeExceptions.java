package org.linkagehub.quarantine;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.Excuses;
import org.linkagehub.canonical.Reason;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The known-bad codes operators have excused ({@code code_exception}), consulted by every intake. Held in memory
 * and re-read at most every 30 seconds (another hub instance may have added one), at once after a local change.
 */
@Component
public class CodeExceptions implements Excuses {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Set<String> known;
    private volatile Instant readAt = Instant.MIN;

    public CodeExceptions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean excuse(Reason reason, Decision decision) {
        String value = Excuses.valueOf(reason, decision);
        return value != null && current().contains(key(reason.field(), value));
    }

    /** Records an exception; joins the caller's transaction. A second record of the same code changes nothing. */
    void add(String field, String value, String reason, String actor, long quarantineId) {
        jdbc.update("""
                insert into code_exception (field, value, reason, created_by, created_at, quarantine_id)
                values (?, ?, ?, ?, ?, ?) on conflict (field, value) do nothing""",
                field, value, reason, actor, Timestamp.from(clock.instant()), quarantineId);
        readAt = Instant.MIN;
    }

    private Set<String> current() {
        Instant now = clock.instant();
        if (known == null || now.isAfter(readAt.plus(REFRESH))) {
            Set<String> read = new HashSet<>();
            jdbc.query("select field, value from code_exception", rs -> {
                read.add(key(rs.getString(1), rs.getString(2)));
            });
            known = read;
            readAt = now;
        }
        return known;
    }

    private static String key(String field, String value) {
        return field + '\u0000' + value;
    }
}
