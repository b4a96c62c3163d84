package org.linkagehub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.linkagehub.delivery.push.HttpPusher;
import org.linkagehub.departments.Department;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.BeijingTime;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The HTTP push messages {@link HttpPusher} gave up on, and the operator's retry once the department's endpoint
 * works again. A retry puts a message back in its lane as if new — not parked, no attempts, due now — audited
 * with the state before and after, and starts the lanes at once rather than at the next poll.
 *
 * <p>Versions of a decision must reach a department in order, and the pusher sends a message only when no older
 * message of its lineage is waiting. Retrying one message therefore also retries the older parked messages of the
 * same lineage for the same department: they go first, as they would have had they never been parked. A case's
 * message has no delivery and no decision of its own: it is listed and retried with those left empty.
 */
@Service
public class ParkedPushes {

    private static final String COLUMNS = """
            select o.id, o.department, o.delivery_id, o.lineage_id, o.kind, o.attempts, o.last_error, o.parked_at,
                   o.created_at, c.document_number
            from outbox o left join delivery d on d.id = o.delivery_id left join decision c on c.id = d.decision_id
            where o.channel = 'http' and o.parked_at is not null""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DepartmentRegistry departments;
    private final AuditLog audit;
    private final HttpPusher pusher;

    public ParkedPushes(JdbcTemplate jdbc, TransactionTemplate transaction, DepartmentRegistry departments,
            AuditLog audit, HttpPusher pusher) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.departments = departments;
        this.audit = audit;
        this.pusher = pusher;
    }

    /**
     * The {@code limit} oldest parked messages; only the given department's when {@code department} is not null.
     * A department whose endpoint was down for hours may have thousands: {@link #countByDepartment()} counts them.
     */
    public List<ParkedMessage> parked(String department, int limit) {
        return department == null ? jdbc.query(COLUMNS + " order by o.id limit ?", ParkedPushes::row, limit)
                : jdbc.query(COLUMNS + " and o.department = ? order by o.id limit ?", ParkedPushes::row, department,
                        limit);
    }

    /** Every HTTP-channel department with how many of its messages are parked, zero included. */
    public Map<String, Long> countByDepartment() {
        Map<String, Long> counts = new LinkedHashMap<>();
        departments.all().stream().filter(d -> OutboxChannel.HTTP.equals(d.channel()))
                .forEach(d -> counts.put(d.code(), 0L));
        jdbc.query("select department, count(*) from outbox where channel = 'http' and parked_at is not null "
                + "group by department order by department", rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Retries one parked message and the older parked messages of its lineage; returns the outbox ids retried. */
    public List<Long> retry(long id, String actor) {
        List<Long> retried = transaction.execute(tx -> {
            List<ParkedMessage> target = jdbc.query(COLUMNS + " and o.id = ? for update of o", ParkedPushes::row, id);
            if (target.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no parked push message " + id
                        + " (delivered since, retried already, or never parked)");
            }
            ParkedMessage m = target.get(0);
            return unpark(jdbc.query(COLUMNS + " and o.department = ? and o.lineage_id = ? and o.id <= ? "
                    + "order by o.id for update of o", ParkedPushes::row, m.department(), m.lineageId(), id),
                    "outbox/" + id, actor);
        });
        pusher.poll();
        return retried;
    }

    /** Retries every parked message of one HTTP department, e.g. once its endpoint is back; returns their ids. */
    public List<Long> retryDepartment(String code, String actor) {
        Department department = departments.find(code).filter(d -> OutboxChannel.HTTP.equals(d.channel()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no HTTP push department '"
                        + code + "' in the registry"));
        List<Long> retried = transaction.execute(tx -> unpark(jdbc.query(COLUMNS
                + " and o.department = ? order by o.id for update of o", ParkedPushes::row, department.code()),
                "push/" + department.code(), actor));
        pusher.poll();
        return retried;
    }

    private List<Long> unpark(List<ParkedMessage> messages, String target, String actor) {
        List<Long> ids = new ArrayList<>();
        List<Map<String, Object>> before = new ArrayList<>();
        for (ParkedMessage m : messages) {
            ids.add(m.id());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("outboxId", m.id());
            // a case's message (CASE, CASE_REPLY, WARNING, ESCALATION) has no delivery
            state.put("deliveryId", m.deliveryId() == null ? null : m.deliveryId().toString());
            state.put("department", m.department());
            state.put("attempts", m.attempts());
            state.put("parkedAt", m.parkedAt().toString());
            state.put("lastError", m.lastError());
            before.add(state);
        }
        if (ids.isEmpty()) {
            return ids;
        }
        jdbc.update("update outbox set parked_at = null, attempts = 0, next_attempt_at = null where id = any (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", ids.toArray())));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("retried", ids);
        after.put("attempts", 0);
        after.put("parkedAt", null);
        audit.record(actor, "push.retry", target, Map.of("parked", before), after);
        return ids;
    }

    private static ParkedMessage row(ResultSet rs, int n) throws SQLException {
        return new ParkedMessage(rs.getLong("id"), rs.getString("department"), rs.getObject("delivery_id", UUID.class),
                rs.getObject("lineage_id", UUID.class), rs.getString("document_number"), rs.getString("kind"),
                rs.getInt("attempts"), rs.getString("last_error"), time(rs.getTimestamp("parked_at")),
                time(rs.getTimestamp("created_at")));
    }

    private static OffsetDateTime time(Timestamp t) {
        return BeijingTime.of(t.toInstant());
    }

    /**
     * One parked message, times in Beijing time.
     *
     * @param id        its outbox id, which the retry names
     * @param kind      DECISION, or a reminder or warning about the delivery
     * @param lastError the endpoint's last answer, or why there was none
     */
    public record ParkedMessage(long id, String department, UUID deliveryId, UUID lineageId, String documentNumber,
            String kind, int attempts, String lastError, OffsetDateTime parkedAt, OffsetDateTime createdAt) {
    }
}
