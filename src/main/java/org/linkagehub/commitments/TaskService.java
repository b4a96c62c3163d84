package org.linkagehub.commitments;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.Decision.DecisionType;
import org.linkagehub.cases.CaseService;
import org.linkagehub.deadlines.DeadlineRule;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.delivery.Notices;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Verification tasks (issue 13, 二(五)): a grant made on a commitment (告知承诺) is granted on trust, so its PRIMARY
 * department checks the facts within {@code commitments: verifyWithin} of {@code mappings/routing/deadlines.yaml}
 * (default 20wd; {@code linkage.commitments.verify-within} wins). The task goes to the department's feed
 * ({@code TASK}), is warned before its deadline and escalated to the oversight office after it, like a delivery; a
 * later REVOKE or CANCEL of the lineage closes it. This feature owns {@code verification_task} and its events.
 */
@Service
public class TaskService {

    static final String ABOUT = "task";
    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final JdbcTemplate jdbc;
    private final Notices notices;
    private final Deadlines deadlines;
    private final DepartmentRegistry departments;
    private final DeadlineRule verifyWithin;
    private final Clock clock;
    private final CaseService cases;

    public TaskService(JdbcTemplate jdbc, Notices notices, Deadlines deadlines, DepartmentRegistry departments,
            Clock clock, CaseService cases, @Value("${linkage.commitments.verify-within:}") String verifyWithin) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.notices = notices;
        this.deadlines = deadlines;
        this.departments = departments;
        this.clock = clock;
        // the property (for drills, e.g. PT20S) wins over commitments.verifyWithin of deadlines.yaml
        this.verifyWithin = verifyWithin == null || verifyWithin.isBlank() ? deadlines.commitmentVerifyWithin()
                : DeadlineRule.parse(verifyWithin);
    }

    /** The task's state. */
    public enum Status {
        OPEN, VERIFIED, MISMATCH, CLOSED
    }

    /** What a department reports: the facts checked out, or they did not (a false commitment, to the bureau). */
    public enum Result {
        VERIFIED, MISMATCH
    }

    /**
     * Opens a task per PRIMARY department for a non-historical GRANT made on a commitment; closes the open tasks of
     * the lineage on a REVOKE or CANCEL. In the intake's transaction (see {@link CommitmentGrants}).
     */
    void decisionStored(Decision d, List<Route> routes) {
        if (d.decisionType() == DecisionType.GRANT && Boolean.TRUE.equals(d.commitment())
                && !Boolean.TRUE.equals(d.historical())) {
            for (Route r : routes) {
                if (r.role() == Route.Role.PRIMARY) {
                    open(d, r.department().code());
                }
            }
        } else if ((d.decisionType() == DecisionType.REVOKE || d.decisionType() == DecisionType.CANCEL)
                && d.lineageId() != null) {
            closeLineage(UUID.fromString(d.lineageId()), UUID.fromString(d.decisionId()), d.decisionType());
        }
    }

    private void open(Decision d, String department) {
        Instant now = clock.instant();
        Instant due = verifyWithin.dueAt(now, deadlines.calendar());
        Instant warn = verifyWithin.warnAt(now, deadlines.calendar(), deadlines.warnFraction());
        UUID id = UUID.randomUUID();
        int opened = jdbc.update("""
                insert into verification_task (id, decision_id, lineage_id, department, document_number, matter_code,
                    status, due_at, warn_at, opened_at, updated_at)
                values (?, ?::uuid, ?::uuid, ?, ?, ?, 'OPEN', ?, ?, ?, ?) on conflict (decision_id, department) do nothing""",
                id, d.decisionId(), d.lineageId(), department, d.documentNumber(), d.matter().code(),
                Timestamp.from(due), Timestamp.from(warn), Timestamp.from(now), Timestamp.from(now));
        if (opened == 0) {
            return;
        }
        event(id, Status.OPEN, "system:intake", null, now);
        Task task = new Task(id, UUID.fromString(d.decisionId()), UUID.fromString(d.lineageId()), department,
                d.documentNumber(), d.matter().code(), Status.OPEN, due);
        send(task, department, "TASK", Map.of());
        log.info("task {} opened for {}: check the commitment of decision {}", id, department, d.decisionId());
    }

    private void closeLineage(UUID lineageId, UUID decisionId, DecisionType type) {
        Instant now = clock.instant();
        List<UUID> closed = jdbc.queryForList("""
                update verification_task set status = 'CLOSED', closed_by_decision = ?, updated_at = ?
                where lineage_id = ? and status = 'OPEN' returning id""", UUID.class, decisionId, Timestamp.from(now),
                lineageId);
        for (UUID id : closed) {
            event(id, Status.CLOSED, "system:intake", type + " " + decisionId, now);
        }
    }

    /** A task as the feed and the API show it. */
    record Task(UUID id, UUID decisionId, UUID lineageId, String department, String documentNumber, String matter,
            Status status, Instant dueAt) {
    }

    /** The answer to a result: done, or why not (not found for another department's task, or not open). */
    public record Outcome(boolean done, boolean notFound, Status status, String problem) {
    }

    /**
     * Records the department's result. Only the owning department (others: not found); only while OPEN, except that
     * the same result again changes nothing and answers as the first did.
     */
    @Transactional
    public Outcome result(String department, UUID taskId, Result result, String summary, String actor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, result, decision_id from verification_task where id = ? and department = ? for update",
                taskId, department);
        if (rows.isEmpty()) {
            return new Outcome(false, true, null, null);
        }
        Status status = Status.valueOf((String) rows.get(0).get("status"));
        if (status != Status.OPEN) {
            boolean same = result.name().equals(rows.get(0).get("result"));
            return new Outcome(same, false, status, same ? null : "the task is " + status + ", its result is kept");
        }
        Instant now = clock.instant();
        Status next = result == Result.VERIFIED ? Status.VERIFIED : Status.MISMATCH;
        jdbc.update("""
                update verification_task set status = ?, result = ?, summary = ?, result_at = ?, result_by = ?,
                    updated_at = ? where id = ?""", next.name(), result.name(), summary, Timestamp.from(now), actor,
                Timestamp.from(now), taskId);
        event(taskId, next, actor, summary, now);
        if (result == Result.MISMATCH) { // a false commitment is the bureau's to answer: a case, naming the task
            UUID caseId = cases.openMismatch(department, taskId, (UUID) rows.get(0).get("decision_id"), summary,
                    actor);
            jdbc.update("update verification_task set case_id = ? where id = ?", caseId, taskId);
        }
        log.info("task {}: {} by {}", taskId, result, department);
        return new Outcome(true, false, next, null);
    }

    /** The deadline scan's step: warns the departments of tasks due soon, escalates those overdue, once each. */
    @Transactional
    public int scan() {
        Instant now = clock.instant();
        int n = 0;
        for (Task t : due("warn_at", "warned_at", now)) {
            send(t, t.department(), "WARNING", Map.of("deadline", "VERIFY"));
            jdbc.update("update verification_task set warned_at = ? where id = ?", Timestamp.from(now), t.id());
            n++;
        }
        for (Task t : due("due_at", "escalated_at", now)) {
            for (var office : departments.all()) {
                if ("oversight".equals(office.role())) {
                    send(t, office.code(), "ESCALATION", Map.of("deadline", "VERIFY"));
                }
            }
            jdbc.update("update verification_task set escalated_at = ? where id = ?", Timestamp.from(now), t.id());
            log.info("task {} escalated: no result by its deadline", t.id());
            n++;
        }
        return n;
    }

    private List<Task> due(String dueColumn, String doneColumn, Instant now) {
        return jdbc.query("select id, decision_id, lineage_id, department, document_number, matter_code, status, due_at "
                + "from verification_task where status = 'OPEN' and " + doneColumn + " is null and " + dueColumn
                + " <= ? order by " + dueColumn + " limit 500 for update skip locked", (rs, i) -> new Task(
                        rs.getObject("id", UUID.class), rs.getObject("decision_id", UUID.class),
                        rs.getObject("lineage_id", UUID.class), rs.getString("department"),
                        rs.getString("document_number"), rs.getString("matter_code"),
                        Status.valueOf(rs.getString("status")), rs.getTimestamp("due_at").toInstant()),
                Timestamp.from(now));
    }

    private void send(Task t, String to, String type, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageType", type);
        body.put("taskId", t.id().toString());
        body.put("decisionId", t.decisionId().toString());
        body.put("lineageId", t.lineageId().toString());
        body.put("documentNumber", t.documentNumber());
        body.put("matter", t.matter());
        body.put("department", t.department());
        body.put("dueAt", BeijingTime.of(t.dueAt()).toString());
        body.putAll(extra);
        notices.send(new Notices.Notice(to, type, ABOUT, t.id(), t.lineageId(),
                "task:" + t.id() + ":" + type + ":" + to, body));
    }

    private void event(UUID taskId, Status status, String actor, String note, Instant at) {
        jdbc.update("insert into verification_task_event (task_id, status, at, actor, note) values (?, ?, ?, ?, ?)",
                taskId, status.name(), Timestamp.from(at), actor, note);
    }

    /** Whether the department owns the task (for the API's 404). */
    Optional<String> owner(UUID taskId) {
        return jdbc.queryForList("select department from verification_task where id = ?", String.class, taskId)
                .stream().findFirst();
    }
}
