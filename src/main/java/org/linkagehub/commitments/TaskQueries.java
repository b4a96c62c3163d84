package org.linkagehub.commitments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.platform.BeijingTime;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads verification tasks: a department its own, operators and the auditor all (department null). */
@Repository
public class TaskQueries {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public TaskQueries(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record TaskRow(UUID taskId, UUID decisionId, UUID lineageId, String documentNumber, String matter,
            String department, String status, OffsetDateTime dueAt, boolean overdue, String result, String summary,
            OffsetDateTime resultAt, UUID caseId, UUID closedByDecision, OffsetDateTime openedAt) {
    }

    public record Event(String status, OffsetDateTime at, String actor, String note) {
    }

    public record PageOf(List<TaskRow> items, long total, int page, int size) {
    }

    private static final String SELECT = """
            select id, decision_id, lineage_id, document_number, matter_code, department, status, due_at, result,
                   summary, result_at, case_id, closed_by_decision, opened_at
            from verification_task""";

    /** Newest first; {@code department} null for all departments' tasks. */
    public PageOf list(String department, String status, int page, int size) {
        int limit = Math.max(1, Math.min(size, 200));
        int offset = Math.max(0, page) * limit;
        StringBuilder where = new StringBuilder(" where true");
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        if (department != null) {
            where.append(" and department = :department");
            p.addValue("department", department);
        }
        if (status != null) {
            where.append(" and status = :status");
            p.addValue("status", status);
        }
        Long total = jdbc.queryForObject("select count(*) from verification_task" + where, p, Long.class);
        List<TaskRow> items = jdbc.query(SELECT + where + " order by opened_at desc, id limit :limit offset :offset",
                p, this::row);
        return new PageOf(items, total == null ? 0 : total, Math.max(0, page), limit);
    }

    public Optional<TaskRow> find(String department, UUID taskId) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", taskId);
        String where = " where id = :id";
        if (department != null) {
            where += " and department = :department";
            p.addValue("department", department);
        }
        return jdbc.query(SELECT + where, p, this::row).stream().findFirst();
    }

    public List<Event> history(UUID taskId) {
        return jdbc.query("select status, at, actor, note from verification_task_event where task_id = :id order by id",
                new MapSqlParameterSource("id", taskId), (rs, i) -> new Event(rs.getString("status"),
                        time(rs, "at"), rs.getString("actor"), rs.getString("note")));
    }

    /** The tasks of the decisions of a lineage, for the decision's timeline. */
    public List<TaskRow> ofLineage(UUID lineageId) {
        return jdbc.query(SELECT + " where lineage_id = :lineage order by opened_at",
                new MapSqlParameterSource("lineage", lineageId), this::row);
    }

    /** A department's commitment checks opened in a period: due (a result, or past due), and done by the due date. */
    public record Figures(String department, long due, long onTime) {
    }

    /** Per department, the tasks opened in [from, to): due when answered or past due_at; on time when answered by it. */
    public List<Figures> figures(OffsetDateTime from, OffsetDateTime to) {
        MapSqlParameterSource p = new MapSqlParameterSource("from", from).addValue("to", to)
                .addValue("now", OffsetDateTime.now(clock));
        return jdbc.query("""
                select department,
                       count(*) filter (where result_at is not null or due_at < :now) as due,
                       count(*) filter (where result_at is not null and result_at <= due_at) as on_time
                from verification_task where opened_at >= :from and opened_at < :to and status <> 'CLOSED'
                group by department""", p,
                (rs, i) -> new Figures(rs.getString("department"), rs.getLong("due"), rs.getLong("on_time")));
    }

    private TaskRow row(ResultSet rs, int n) throws SQLException {
        Timestamp due = rs.getTimestamp("due_at");
        String status = rs.getString("status");
        return new TaskRow(rs.getObject("id", UUID.class), rs.getObject("decision_id", UUID.class),
                rs.getObject("lineage_id", UUID.class), rs.getString("document_number"), rs.getString("matter_code"),
                rs.getString("department"), status, time(rs, "due_at"),
                "OPEN".equals(status) && due.toInstant().isBefore(clock.instant()), rs.getString("result"),
                rs.getString("summary"), time(rs, "result_at"), rs.getObject("case_id", UUID.class),
                rs.getObject("closed_by_decision", UUID.class), time(rs, "opened_at"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : BeijingTime.of(t.toInstant());
    }
}
