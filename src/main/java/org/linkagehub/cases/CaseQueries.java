package org.linkagehub.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.platform.Json;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads cases within a scope: a department sees the cases it filed, the bureau those sent to it, operators and the
 * auditor ({@link Scope#ALL}) all.
 */
@Repository
public class CaseQueries {

    private final NamedParameterJdbcTemplate jdbc;
    private final Json json;
    private final Clock clock;

    public CaseQueries(NamedParameterJdbcTemplate jdbc, Json json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Who reads: a department (the bureau when {@code bureau}), or null for everyone's cases. */
    public record Scope(String department, boolean bureau) {
        public static final Scope ALL = new Scope(null, false);
    }

    public record CaseRow(UUID caseId, String caseRef, String department, String type, String status, String summary,
            String documentNumber, UUID decisionId, UUID lineageId, OffsetDateTime filedAt, OffsetDateTime replyDueAt,
            boolean overdue, String outcome) {
    }

    public record Event(String status, OffsetDateTime at, String actor, String note) {
    }

    public record ReplyView(String outcome, Letter letter, String note, String reason, OffsetDateTime at,
            String actor) {
    }

    /**
     * @param warnedAt    when the bureau was warned that the reply deadline is near; null until then
     * @param escalatedAt when the case went to the oversight office unanswered; null unless it did
     * @param taskId      the verification task a COMMITMENT_MISMATCH case came from; null for other cases
     * @param rectifyBy   the end of the time to rectify the bureau set with RECTIFY; null otherwise
     */
    public record CaseDetail(CaseRow row, String requestedAction, Letter letter, String fieldsJson, List<Event> history,
            ReplyView reply, UUID closedByDecision, String closedByDocumentNumber, OffsetDateTime warnedAt,
            OffsetDateTime escalatedAt, UUID taskId, OffsetDateTime rectifyBy) {
    }

    public record PageOf(List<CaseRow> items, long total, int page, int size) {
    }

    private static final String SELECT = """
            select c.id, c.case_ref, c.department, c.case_type, c.status, c.summary, c.document_number, c.decision_id,
                   c.lineage_id, c.filed_at, c.reply_due_at, r.outcome, r.at as replied_at, c.requested_action,
                   c.letter::text as letter, c.fields::text as fields, c.closed_by_decision, c.warned_at,
                   c.escalated_at, c.task_id, c.rectify_by,
                   (select d.document_number from decision d where d.id = c.closed_by_decision) as closed_doc
            from case_file c left join case_reply r on r.case_id = c.id
            """;

    public PageOf list(Scope scope, String filedBy, String status, String type, int page, int size) {
        MapSqlParameterSource p = new MapSqlParameterSource();
        StringBuilder where = new StringBuilder(" where 1 = 1");
        scope(scope, where, p);
        if (filedBy != null) {
            where.append(" and c.department = :filedBy");
            p.addValue("filedBy", filedBy);
        }
        if (status != null) {
            where.append(" and c.status = :status");
            p.addValue("status", status);
        }
        if (type != null) {
            where.append(" and c.case_type = :type");
            p.addValue("type", type);
        }
        int s = Math.max(1, Math.min(size, 200));
        int pg = Math.max(0, page);
        Long total = jdbc.queryForObject("select count(*) from case_file c" + where, p, Long.class);
        p.addValue("limit", s).addValue("offset", (long) pg * s);
        List<CaseRow> items = jdbc.query(SELECT + where + " order by c.filed_at desc, c.id limit :limit offset :offset",
                p, (rs, n) -> row(rs));
        return new PageOf(items, total == null ? 0 : total, pg, s);
    }

    public Optional<CaseDetail> find(Scope scope, UUID id) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", id);
        StringBuilder where = new StringBuilder(" where c.id = :id");
        scope(scope, where, p);
        return jdbc.query(SELECT + where, p, (rs, n) -> detail(rs)).stream().findFirst();
    }

    /** Whether the case exists and is in the scope: what reading its attachments needs, without its history. */
    public boolean visible(Scope scope, UUID id) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", id);
        StringBuilder where = new StringBuilder(" where c.id = :id");
        scope(scope, where, p);
        Long n = jdbc.queryForObject("select count(*) from case_file c" + where, p, Long.class);
        return n != null && n > 0;
    }

    public List<CaseDetail> ofLineage(Scope scope, UUID lineageId) {
        MapSqlParameterSource p = new MapSqlParameterSource("lineage", lineageId);
        StringBuilder where = new StringBuilder(
                " where (c.lineage_id = :lineage or c.id in (select cd.case_id from case_decision cd join decision d"
                        + " on d.id = cd.decision_id where d.lineage_id = :lineage))");
        scope(scope, where, p);
        return jdbc.query(SELECT + where + " order by c.filed_at, c.id", p, (rs, n) -> detail(rs));
    }

    /** Per department for a period: cases filed; for the bureau, replies on time of those due, and cases open. */
    public record Figures(String department, long filed, long repliesOnTime, long repliesDue, long open) {
    }

    public List<Figures> figures(OffsetDateTime from, OffsetDateTime to) {
        MapSqlParameterSource p = new MapSqlParameterSource("from", from).addValue("to", to)
                .addValue("now", OffsetDateTime.now(clock));
        List<Figures> out = new ArrayList<>(jdbc.query("""
                select department, count(*) as n from case_file where filed_at >= :from and filed_at < :to
                group by department""", p, (rs, n) -> new Figures(rs.getString("department"), rs.getLong("n"), 0, 0, 0)));
        out.addAll(jdbc.query("""
                select c.bureau,
                       count(*) filter (where r.at is not null and r.at <= c.reply_due_at) as on_time,
                       count(*) filter (where r.at is not null or c.reply_due_at < :now) as due,
                       count(*) filter (where c.status <> 'CLOSED') as open
                from case_file c left join case_reply r on r.case_id = c.id
                where c.filed_at < :to and (c.filed_at >= :from or c.status <> 'CLOSED')
                group by c.bureau""", p, (rs, n) -> new Figures(rs.getString("bureau"), -1, rs.getLong("on_time"),
                rs.getLong("due"), rs.getLong("open"))));
        return out;
    }

    /** Open and overdue (unanswered past the reply deadline) cases by filing department and type, for the metrics. */
    public record Backlog(String department, String type, long open, long overdue) {
    }

    public List<Backlog> backlog() {
        return jdbc.query("""
                select department, case_type, count(*) as open,
                       count(*) filter (where status in ('OPEN', 'SIGNED') and reply_due_at < :now) as overdue
                from case_file where status <> 'CLOSED' group by department, case_type""",
                new MapSqlParameterSource("now", OffsetDateTime.now(clock)), (rs, n) -> new Backlog(
                        rs.getString("department"), rs.getString("case_type"), rs.getLong("open"), rs.getLong("overdue")));
    }

    private static void scope(Scope scope, StringBuilder where, MapSqlParameterSource p) {
        if (scope.department() == null) {
            return;
        }
        where.append(scope.bureau() ? " and c.bureau = :viewer" : " and c.department = :viewer");
        p.addValue("viewer", scope.department());
    }

    /**
     * Per filing department, its commitment-mismatch cases filed in [from, to) that wait for the party to rectify
     * (RECTIFYING) now.
     */
    public Map<String, Long> openRectifications(OffsetDateTime from, OffsetDateTime to) {
        Map<String, Long> out = new java.util.HashMap<>();
        jdbc.query("""
                select department, count(*) as n from case_file
                where case_type = 'COMMITMENT_MISMATCH' and status = 'RECTIFYING' and filed_at >= :from
                  and filed_at < :to
                group by department""", new MapSqlParameterSource("from", from).addValue("to", to),
                (RowCallbackHandler) rs -> out.put(rs.getString("department"), rs.getLong("n")));
        return out;
    }

    private CaseRow row(ResultSet rs) throws SQLException {
        OffsetDateTime due = rs.getObject("reply_due_at", OffsetDateTime.class);
        String status = rs.getString("status");
        boolean overdue = due != null && rs.getString("outcome") == null && CaseStatus.valueOf(status).answerable()
                && due.isBefore(OffsetDateTime.now(clock));
        return new CaseRow((UUID) rs.getObject("id"), rs.getString("case_ref"), rs.getString("department"),
                rs.getString("case_type"), status, rs.getString("summary"), rs.getString("document_number"),
                (UUID) rs.getObject("decision_id"), (UUID) rs.getObject("lineage_id"), utc(rs, "filed_at"),
                due == null ? null : due.withOffsetSameInstant(ZoneOffset.UTC), overdue, rs.getString("outcome"));
    }

    private CaseDetail detail(ResultSet rs) throws SQLException {
        CaseRow row = row(rs);
        String letter = rs.getString("letter");
        ReplyView reply = null;
        if (row.outcome() != null) {
            reply = jdbc.query("select outcome, letter::text as letter, note, reason, at, actor from case_reply where case_id = :id",
                    new MapSqlParameterSource("id", row.caseId()), (r, n) -> new ReplyView(r.getString("outcome"),
                            r.getString("letter") == null ? null : json.read(r.getString("letter"), Letter.class),
                            r.getString("note"), r.getString("reason"), utc(r, "at"), r.getString("actor")))
                    .stream().findFirst().orElse(null);
        }
        List<Event> history = jdbc.query("select status, at, actor, note from case_event where case_id = :id order by id",
                new MapSqlParameterSource("id", row.caseId()), (r, n) -> new Event(r.getString("status"), utc(r, "at"),
                        r.getString("actor"), r.getString("note")));
        return new CaseDetail(row, rs.getString("requested_action"), letter == null ? null : json.read(letter, Letter.class),
                rs.getString("fields"), history, reply, (UUID) rs.getObject("closed_by_decision"),
                rs.getString("closed_doc"), utc(rs, "warned_at"), utc(rs, "escalated_at"),
                (UUID) rs.getObject("task_id"), utc(rs, "rectify_by"));
    }

    private static OffsetDateTime utc(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
