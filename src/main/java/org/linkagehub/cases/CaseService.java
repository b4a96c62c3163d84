package org.linkagehub.cases;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision.DecisionType;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.deadlines.DeadlineRule;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.delivery.Notices;
import org.linkagehub.delivery.OutboxChannel;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Files cases (raw first, in its own transaction; an invalid one is quarantined with its reasons), takes the bureau's
 * receipt (签收) and reply, closes a WILL_* case when the promised decision arrives, and chases the reply deadline:
 * a WARNING to the bureau when it is near, an ESCALATION to the oversight office when it passed. Every message leaves
 * through the outbox on the receiving department's channel (queue, http push; browser departments read theirs on the
 * pull channel, {@link CaseFeed}).
 */
@Service
public class CaseService {

    /** The longest text a case may carry in one field (a summary or a finding is a paragraph, not a file). */
    static final int MAX_TEXT = 4000;

    public static final String SOURCE = "CASES";
    public static final String BUREAU_ROLE = "approval-bureau";
    /** The message type that tells a department why the case it sent by queue was refused. */
    public static final String REFUSED = "CASE_REFUSED";
    static final String REFUSED_DUPLICATE_PREFIX = "case-refused:";
    private static final Logger log = LoggerFactory.getLogger(CaseService.class);

    private final JdbcTemplate jdbc;
    private final RawInputStore raw;
    private final QuarantineStore quarantine;
    private final DepartmentRegistry departments;
    private final Deadlines deadlines;
    private final DeadlineRule replyWithin;
    private final Json json;
    private final Clock clock;
    private final Notices notices;
    private final List<FalseCommitments> falseCommitments;

    public CaseService(JdbcTemplate jdbc, RawInputStore raw, QuarantineStore quarantine, DepartmentRegistry departments,
            Deadlines deadlines, Json json, Clock clock, Notices notices, List<FalseCommitments> falseCommitments,
            @Value("${linkage.cases.reply-within:}") String replyWithin) {
        this.jdbc = jdbc;
        this.raw = raw;
        this.quarantine = quarantine;
        this.departments = departments;
        this.deadlines = deadlines;
        // the property (for drills, e.g. PT20S) wins over cases.replyWithin of mappings/routing/deadlines.yaml
        this.replyWithin = replyWithin == null || replyWithin.isBlank() ? deadlines.caseReplyWithin()
                : DeadlineRule.parse(replyWithin);
        this.json = json;
        this.clock = clock;
        this.notices = notices;
        this.falseCommitments = falseCommitments;
    }

    /**
     * The outcome of filing: the case, new or the same caseRef again, or why it was refused. A refused repeat of a
     * caseRef with other content ({@link #conflict}) names the case already filed under it, with the reason.
     */
    public record Filing(UUID caseId, boolean created, CaseStatus status, Instant replyDueAt, List<Reason> reasons) {
        public boolean accepted() {
            return caseId != null && reasons.isEmpty();
        }

        public boolean conflict() {
            return caseId != null && !reasons.isEmpty();
        }
    }

    public record ReplyResult(boolean done, CaseStatus status, List<Reason> reasons, boolean notFound) {
    }

    /** What a receipt for a case did: signed it now, found it signed (or further) already, or could not apply. */
    public enum Signing {
        SIGNED, ALREADY_SIGNED, NOT_FOUND, NOT_THE_BUREAU
    }

    /** @param status the case's status after the receipt; null when there is no such case */
    public record SignResult(Signing outcome, CaseStatus status) {
    }

    /** The bureau: the department whose registry role is {@code approval-bureau}. */
    public Optional<String> bureau() {
        return departments.all().stream().filter(d -> BUREAU_ROLE.equals(d.role())).map(d -> d.code()).findFirst();
    }

    public boolean isBureau(String department) {
        return department != null && bureau().map(department::equals).orElse(false);
    }

    /** Files a case as {@code department}; the raw body is committed before anything reads it. */
    @Transactional
    public Filing file(String department, byte[] body, String transport, String actor) {
        RawInput input = raw.store(SOURCE, transport, null, Map.of("department", department), body, false);
        return file(department, input, actor, false);
    }

    /**
     * Files a case its caller has stored raw already (source {@link #SOURCE}), knowing more of it than the body: the
     * broker address and message id of a case that came by queue ({@link QueueCases}).
     *
     * @param reportRefusal whether a refused case is also reported on the department's own queue
     *                      ({@code CASE_REFUSED}): a case that came by queue has no answer to carry the reasons, as a
     *                      REST filing has its 422
     */
    @Transactional
    public Filing file(String department, RawInput input, String actor, boolean reportRefusal) {
        byte[] body = input.body();
        JsonNode tree;
        Reason unreadable = null;
        try {
            tree = StrictInput.json(body);
        } catch (MalformedPayloadException e) {
            tree = null;
            unreadable = e.reason();
        }
        List<Reason> textProblems = tree == null ? List.of() : textProblems(tree, "");
        CaseValidator.Result result = tree == null
                ? new CaseValidator.Result(null, List.of(unreadable))
                : textProblems.isEmpty() ? CaseValidator.check(tree) : new CaseValidator.Result(null, textProblems);
        String caseRef = tree != null && textProblems.isEmpty() && tree.path("caseRef").isTextual()
                ? tree.path("caseRef").asText() : null;
        List<Reason> reasons = new java.util.ArrayList<>(result.reasons());
        String bureau = bureau().orElse(null);
        if (bureau == null) {
            reasons.add(Reason.of("department", null, "no-route", "no department has the role approval-bureau"));
        } else if (bureau.equals(department)) {
            reasons.add(Reason.of("department", department, "not-allowed", "the bureau does not file with itself"));
        }
        CaseValidator.Checked c = result.checked();
        DecisionRef decision = null;
        if (reasons.isEmpty() && (c.decisionId() != null || c.documentNumber() != null)) {
            decision = findDecision(c.decisionId(), c.documentNumber());
            if (decision == null && c.type() == CaseType.ERRONEOUS_APPROVAL) {
                reasons.add(c.decisionId() != null
                        ? Reason.of("decisionId", c.decisionId(), "unknown-decision", "no such decision")
                        : Reason.of("documentNumber", c.documentNumber(), "unknown-decision", "no such decision"));
            }
        }
        if (!reasons.isEmpty()) {
            quarantine.quarantine(input.id(), SOURCE, caseRef, reasons);
            // refused at the door: a quarantine replay answers 409 and the department files the case again, corrected
            raw.markOutcome(input.id(), "REJECTED", null);
            if (reportRefusal) {
                reportRefusal(department, input.id(), tree == null ? null : readableCaseRef(tree), reasons);
            }
            log.info("case from {} refused: {} reason(s)", department, reasons.size());
            return new Filing(null, false, null, null, reasons);
        }
        Optional<Filing> existing = existing(department, c.caseRef(), tree);
        if (existing.isPresent()) {
            return repeated(input, department, existing.get(), reportRefusal ? c.caseRef() : null);
        }
        Instant now = clock.instant();
        Instant due = replyWithin.dueAt(now, deadlines.calendar());
        // the deliveries' rule: a share of a duration, the start of the last working day of working days
        Instant warn = replyWithin.warnAt(now, deadlines.calendar(), deadlines.warnFraction());
        UUID id = UUID.randomUUID();
        int inserted = jdbc.update("""
                insert into case_file (id, department, case_ref, case_type, status, summary, bureau, requested_action,
                    decision_id, lineage_id, document_number, letter, fields, raw_input_id, reply_due_at, warn_at,
                    filed_at, updated_at)
                values (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
                on conflict (department, case_ref) do nothing""", id, department, c.caseRef(), c.type().name(),
                c.summary(), bureau, c.requestedAction(), decision == null ? null : decision.id(),
                decision == null ? null : decision.lineageId(),
                decision == null ? c.documentNumber() : decision.documentNumber(),
                c.letter() == null ? null : json.write(c.letter()), tree.toString(), input.id(), Timestamp.from(due),
                Timestamp.from(warn), Timestamp.from(now), Timestamp.from(now));
        if (inserted == 0) {
            return repeated(input, department, existing(department, c.caseRef(), tree).orElseThrow(),
                    reportRefusal ? c.caseRef() : null);
        }
        event(id, CaseStatus.OPEN, actor, null, now);
        if (c.subjectUscc() != null || c.subjectIdNumber() != null) {
            jdbc.update("""
                    insert into case_decision (case_id, decision_id)
                    select ?, id from decision where (subject_uscc = ? or subject_id_number = ?)
                    on conflict do nothing""", id, c.subjectUscc(), c.subjectIdNumber());
        }
        Map<String, Object> message = message("CASE", id, department, c.caseRef(), c.type().name(), decision,
                c.documentNumber(), c.letter(), due);
        message.put("summary", c.summary());
        message.put("requestedAction", c.requestedAction());
        send(id, decision, bureau, "CASE", message);
        if (c.type() == CaseType.MAJOR_ISSUE) {
            for (var office : departments.all()) {
                if ("oversight".equals(office.role())) {
                    send(id, decision, office.code(), "CASE", message);
                }
            }
        }
        raw.markOutcome(input.id(), "ACCEPTED", null);
        log.info("case {} filed by {} ({})", id, department, c.type());
        return new Filing(id, true, CaseStatus.OPEN, due, List.of());
    }

    /**
     * The bureau signs for a case (签收), as a department signs for a delivery: OPEN → SIGNED with an event naming the
     * time and who signed. Idempotent: a case signed already (or replied to, which signs it) is left as it is. Only
     * the case's bureau signs; the receipts feature calls this for receipts by REST and by queue.
     *
     * @param signedBy who signed, as the bureau names them (optional; kept in the event's actor, never logged)
     * @param note     the bureau's note, kept in the event
     */
    @Transactional
    public SignResult sign(String department, UUID caseId, String signedBy, String note, String actor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, bureau from case_file where id = ? for update", caseId);
        if (rows.isEmpty()) {
            return new SignResult(Signing.NOT_FOUND, null);
        }
        CaseStatus status = CaseStatus.valueOf((String) rows.get(0).get("status"));
        if (!rows.get(0).get("bureau").equals(department)) {
            return new SignResult(Signing.NOT_THE_BUREAU, status);
        }
        if (status != CaseStatus.OPEN) {
            return new SignResult(Signing.ALREADY_SIGNED, status);
        }
        Instant now = clock.instant();
        event(caseId, CaseStatus.SIGNED, signedBy == null ? actor : actor + " (" + signedBy + ")", note, now);
        jdbc.update("update case_file set status = 'SIGNED', updated_at = ? where id = ?", Timestamp.from(now), caseId);
        log.info("case {} signed for by {}", caseId, department);
        return new SignResult(Signing.SIGNED, CaseStatus.SIGNED);
    }

    /** The bureau's reply: signs an unsigned case, then REPLIED, then AWAITING_DECISION or CLOSED. */
    @Transactional
    public ReplyResult reply(String bureau, UUID caseId, String outcome, Letter letter, String note, String reason,
            String actor) {
        return reply(bureau, caseId, outcome, letter, note, reason, null, actor);
    }

    /**
     * The bureau's reply; {@code rectifyBy} (a date) goes with RECTIFY, the answer to a commitment mismatch that
     * orders the party to rectify by then (责令限期整改). RECTIFY and WILL_REVOKE to a mismatch confirm the false
     * commitment, which is published once as a credit record ({@link FalseCommitments}).
     */
    @Transactional
    public ReplyResult reply(String bureau, UUID caseId, String outcome, Letter letter, String note, String reason,
            String rectifyBy, String actor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status, bureau, case_type from case_file where id = ? for update", caseId);
        if (rows.isEmpty() || !rows.get(0).get("bureau").equals(bureau)) {
            return new ReplyResult(false, null, List.of(Reason.of("caseId", String.valueOf(caseId), "not-found",
                    "no such case for the bureau")), true);
        }
        CaseStatus status = CaseStatus.valueOf((String) rows.get(0).get("status"));
        CaseType type = CaseType.parse((String) rows.get(0).get("case_type")).orElseThrow();
        Instant now = clock.instant();
        List<Reason> reasons = new java.util.ArrayList<>(CaseValidator.checkReply(type, outcome, letter, reason,
                rectifyBy, java.time.LocalDate.ofInstant(now, org.linkagehub.platform.BeijingTime.ZONE)));
        if (!status.answerable()) {
            reasons.add(Reason.of("status", status.name(), "already-replied", "the case has its reply"));
        }
        if (!reasons.isEmpty()) {
            return new ReplyResult(false, status, reasons, false);
        }
        Outcome o = Outcome.parse(outcome).orElseThrow();
        if (status == CaseStatus.OPEN) {
            event(caseId, CaseStatus.SIGNED, actor, "signed by replying", now);
        }
        jdbc.update("insert into case_reply (case_id, outcome, letter, note, reason, at, actor) values (?, ?, ?::jsonb, ?, ?, ?, ?)",
                caseId, o.name(), letter == null ? null : json.write(letter), note, reason, Timestamp.from(now), actor);
        event(caseId, CaseStatus.REPLIED, actor, o.name(), now);
        CaseStatus next = o == Outcome.RECTIFY ? CaseStatus.RECTIFYING
                : o.promises() ? CaseStatus.AWAITING_DECISION : CaseStatus.CLOSED;
        Instant rectifyDeadline = o == Outcome.RECTIFY ? java.time.LocalDate.parse(rectifyBy).plusDays(1)
                .atStartOfDay(org.linkagehub.platform.BeijingTime.ZONE).toInstant() : null;
        event(caseId, next, actor, rectifyBy == null || o != Outcome.RECTIFY ? null : "rectify by " + rectifyBy, now);
        jdbc.update("update case_file set status = ?, rectify_by = ?, updated_at = ? where id = ?", next.name(),
                rectifyDeadline == null ? null : Timestamp.from(rectifyDeadline), Timestamp.from(now), caseId);
        Map<String, Object> c = jdbc.queryForMap("""
                select department, case_ref, case_type, decision_id, lineage_id, document_number, task_id,
                       fields::text as fields
                from case_file where id = ?""", caseId);
        DecisionRef decision = c.get("decision_id") == null ? null : new DecisionRef((UUID) c.get("decision_id"),
                (UUID) c.get("lineage_id"), (String) c.get("document_number"));
        Map<String, Object> message = message("CASE_REPLY", caseId, (String) c.get("department"),
                (String) c.get("case_ref"), (String) c.get("case_type"), decision, (String) c.get("document_number"),
                letter, null);
        message.put("outcome", o.name());
        message.put("status", next.name());
        message.put("note", note);
        message.put("reason", reason);
        if (rectifyDeadline != null) {
            message.put("rectifyBy", rectifyBy);
        }
        send(caseId, decision, (String) c.get("department"), "CASE_REPLY", message);
        if (type == CaseType.COMMITMENT_MISMATCH && o.confirmsFalseCommitment()) {
            JsonNode fields = json.tree((String) c.get("fields"));
            FalseCommitments.Confirmed confirmed = new FalseCommitments.Confirmed(caseId, (UUID) c.get("task_id"),
                    decision == null ? null : decision.id(), (String) c.get("document_number"),
                    fields.path("summary").asText(null), letter, o, now);
            falseCommitments.forEach(f -> f.confirmed(confirmed));
        }
        return new ReplyResult(true, next, List.of(), false);
    }

    /**
     * Opens the commitment-mismatch case of a verification task (issue 13): the department found that the facts of a
     * grant made on a commitment do not match. One case per task; raw first (the result as the department reported
     * it); CASE goes to the bureau with the reply deadline of any case.
     */
    @Transactional
    public UUID openMismatch(String department, UUID taskId, UUID decisionId, String summary, String actor) {
        List<UUID> existing = jdbc.queryForList("select id from case_file where task_id = ?", UUID.class, taskId);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        String bureau = bureau().orElseThrow(() -> new IllegalStateException("no department has the role "
                + BUREAU_ROLE));
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("type", CaseType.COMMITMENT_MISMATCH.name());
        fields.put("taskId", taskId.toString());
        fields.put("decisionId", decisionId.toString());
        fields.put("summary", summary);
        String text = json.write(fields);
        RawInput input = raw.store(SOURCE, "task", "task:" + taskId, Map.of("department", department),
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        DecisionRef decision = findDecision(decisionId.toString(), null);
        Instant now = clock.instant();
        Instant due = replyWithin.dueAt(now, deadlines.calendar());
        Instant warn = replyWithin.warnAt(now, deadlines.calendar(), deadlines.warnFraction());
        UUID id = UUID.randomUUID();
        String caseRef = "TASK-" + taskId;
        jdbc.update("""
                insert into case_file (id, department, case_ref, case_type, status, summary, bureau, decision_id,
                    lineage_id, document_number, fields, raw_input_id, reply_due_at, warn_at, filed_at, updated_at,
                    task_id)
                values (?, ?, ?, 'COMMITMENT_MISMATCH', 'OPEN', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""", id,
                department, caseRef, summary, bureau, decision.id(), decision.lineageId(), decision.documentNumber(),
                text, input.id(), Timestamp.from(due), Timestamp.from(warn), Timestamp.from(now), Timestamp.from(now),
                taskId);
        raw.markOutcome(input.id(), "ACCEPTED", null);
        event(id, CaseStatus.OPEN, actor, "commitment mismatch of task " + taskId, now);
        Map<String, Object> message = message("CASE", id, department, caseRef, CaseType.COMMITMENT_MISMATCH.name(),
                decision, decision.documentNumber(), null, due);
        message.put("summary", summary);
        message.put("taskId", taskId.toString());
        send(id, decision, bureau, "CASE", message);
        log.info("case {} opened: commitment mismatch of task {} by {}", id, taskId, department);
        return id;
    }

    /** The department's report on a RECTIFYING case: done, or why not. */
    public record Rectification(boolean done, boolean notFound, CaseStatus status, List<Reason> reasons) {
    }

    /**
     * The filing department reports whether the party rectified (整改): rectified closes the case; not rectified turns
     * the bureau's RECTIFY into WILL_REVOKE, awaiting the revocation, and tells the bureau.
     */
    @Transactional
    public Rectification rectification(String department, UUID caseId, boolean rectified, String note,
            String actor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select status from case_file where id = ? and department = ? for update", caseId, department);
        if (rows.isEmpty()) {
            return new Rectification(false, true, null, List.of());
        }
        CaseStatus status = CaseStatus.valueOf((String) rows.get(0).get("status"));
        if (status != CaseStatus.RECTIFYING) {
            return new Rectification(false, false, status, List.of(Reason.of("status", status.name(),
                    "not-rectifying", "only a case the bureau answered RECTIFY takes a rectification report")));
        }
        return new Rectification(true, false, rectified ? closeRectified(caseId, note, actor)
                : notRectified(caseId, note == null ? "not rectified" : note, actor), List.of());
    }

    private CaseStatus closeRectified(UUID caseId, String note, String actor) {
        Instant now = clock.instant();
        jdbc.update("update case_file set status = 'CLOSED', updated_at = ? where id = ?", Timestamp.from(now), caseId);
        event(caseId, CaseStatus.CLOSED, actor, note == null ? "rectified" : "rectified: " + note, now);
        tellBureau(caseId, true, note);
        return CaseStatus.CLOSED;
    }

    private CaseStatus notRectified(UUID caseId, String note, String actor) {
        Instant now = clock.instant();
        jdbc.update("update case_file set status = 'AWAITING_DECISION', updated_at = ? where id = ?",
                Timestamp.from(now), caseId);
        // the promise the bureau now keeps: the revocation closes the case, as for any WILL_REVOKE
        jdbc.update("update case_reply set outcome = 'WILL_REVOKE' where case_id = ?", caseId);
        event(caseId, CaseStatus.AWAITING_DECISION, actor, "RECTIFY → WILL_REVOKE: " + note, now);
        tellBureau(caseId, false, note);
        return CaseStatus.AWAITING_DECISION;
    }

    /** RECTIFICATION on the bureau's feed: whether the party rectified, and the case's status now. */
    private void tellBureau(UUID caseId, boolean rectified, String note) {
        Map<String, Object> c = jdbc.queryForMap("""
                select department, case_ref, case_type, decision_id, lineage_id, document_number, bureau, status
                from case_file where id = ?""", caseId);
        DecisionRef decision = c.get("decision_id") == null ? null : new DecisionRef((UUID) c.get("decision_id"),
                (UUID) c.get("lineage_id"), (String) c.get("document_number"));
        Map<String, Object> message = message("RECTIFICATION", caseId, (String) c.get("department"),
                (String) c.get("case_ref"), (String) c.get("case_type"), decision, (String) c.get("document_number"),
                null, null);
        message.put("rectified", rectified);
        message.put("status", c.get("status"));
        message.put("note", note);
        send(caseId, decision, (String) c.get("bureau"), "RECTIFICATION", message);
    }

    /**
     * The deadline scan's step for rectifications, chased like deliveries: the filing department is warned once at
     * the start of the last day to rectify by ({@code WARNING}, {@code deadline: RECTIFY}); a RECTIFYING case past its
     * date with nothing reported is not rectified (WILL_REVOKE, the bureau told), and the oversight office is told
     * ({@code ESCALATION}, {@code deadline: RECTIFY}).
     */
    @Transactional
    public int scanRectifications() {
        Timestamp now = Timestamp.from(clock.instant());
        List<Map<String, Object>> near = jdbc.queryForList("""
                select id, department, case_ref, case_type, decision_id, lineage_id, document_number, rectify_by
                from case_file where status = 'RECTIFYING' and rectify_warned_at is null
                  and rectify_by - interval '1 day' <= ? and rectify_by > ?
                order by rectify_by limit 500 for update skip locked""", now, now);
        for (Map<String, Object> c : near) {
            UUID id = (UUID) c.get("id");
            Map<String, Object> body = rectificationNotice("WARNING", c);
            send(id, decisionOf(c), (String) c.get("department"), "WARNING", body);
            jdbc.update("update case_file set rectify_warned_at = ? where id = ?", now, id);
        }
        List<Map<String, Object>> due = jdbc.queryForList("""
                select id, department, case_ref, case_type, decision_id, lineage_id, document_number, rectify_by
                from case_file where status = 'RECTIFYING' and rectify_by <= ?
                order by rectify_by limit 500 for update skip locked""", now);
        for (Map<String, Object> c : due) {
            UUID id = (UUID) c.get("id");
            notRectified(id, "nothing reported by the date to rectify by", "system:deadline-scan");
            Map<String, Object> body = rectificationNotice("ESCALATION", c);
            for (var office : departments.all()) {
                if ("oversight".equals(office.role())) {
                    notices.send(new Notices.Notice(office.code(), "ESCALATION", "case", id,
                            lineageOf(id, decisionOf(c)), "case:" + id + ":ESCALATION:RECTIFY:" + office.code(), body));
                }
            }
            log.info("case {}: not rectified by its date, awaiting the revocation", id);
        }
        return near.size() + due.size();
    }

    private Map<String, Object> rectificationNotice(String type, Map<String, Object> c) {
        Map<String, Object> body = message(type, (UUID) c.get("id"), (String) c.get("department"),
                (String) c.get("case_ref"), (String) c.get("case_type"), decisionOf(c),
                (String) c.get("document_number"), null, null);
        body.put("deadline", "RECTIFY");
        body.put("rectifyBy", java.time.LocalDate.ofInstant(((Timestamp) c.get("rectify_by")).toInstant()
                .minusSeconds(1), org.linkagehub.platform.BeijingTime.ZONE).toString());
        return body;
    }

    private static DecisionRef decisionOf(Map<String, Object> c) {
        return c.get("decision_id") == null ? null : new DecisionRef((UUID) c.get("decision_id"),
                (UUID) c.get("lineage_id"), (String) c.get("document_number"));
    }

    private static UUID lineageOf(UUID caseId, DecisionRef decision) {
        return decision == null ? caseId : decision.lineageId();
    }

    /**
     * A new decision version was stored: a case waiting for a decision of that lineage that keeps the bureau's
     * promise closes, naming that decision. Runs in the intake's transaction.
     */
    public void decisionStored(UUID decisionId, UUID lineageId, DecisionType type) {
        if (type == null) {
            return;
        }
        List<Map<String, Object>> waiting = jdbc.queryForList("""
                select c.id, r.outcome from case_file c join case_reply r on r.case_id = c.id
                where c.lineage_id = ? and c.status = 'AWAITING_DECISION' for update of c""", lineageId);
        Instant now = clock.instant();
        for (Map<String, Object> w : waiting) {
            Outcome o = Outcome.valueOf((String) w.get("outcome"));
            if (o.keptBy(type)) {
                UUID id = (UUID) w.get("id");
                jdbc.update("update case_file set status = 'CLOSED', closed_by_decision = ?, updated_at = ? where id = ?",
                        decisionId, Timestamp.from(now), id);
                event(id, CaseStatus.CLOSED, "system:intake", "closed by decision " + decisionId, now);
                log.info("case {} closed by decision {}", id, decisionId);
            }
        }
    }

    /** The deadline scan's step: escalates the cases past their reply deadline now. */
    @Transactional
    public int scanOverdue() {
        return escalateOverdue(clock.instant());
    }

    /** The deadline scan's step: warns the bureau of the cases whose reply deadline is near now. */
    @Transactional
    public int scanWarnings() {
        return warnNear(clock.instant());
    }

    /**
     * Warns the bureau, once each, of the unanswered cases whose warning time has come by {@code asOf} and whose reply
     * deadline has not passed (past it, {@link #escalateOverdue} takes over, as the deliveries' scanner reminds
     * instead of warning): a WARNING message ({@code deadline: CASE_REPLY}) on the bureau's feed, its duplicate id
     * {@code case:<caseId>:WARNING:<bureau>} unique for all time.
     */
    @Transactional
    public int warnNear(Instant asOf) {
        Timestamp at = Timestamp.from(asOf);
        List<Map<String, Object>> near = jdbc.queryForList("""
                select id, department, bureau, case_ref, case_type, decision_id, lineage_id, document_number,
                       letter::text as letter, reply_due_at
                from case_file where warned_at is null and status in ('OPEN', 'SIGNED') and warn_at <= ?
                  and reply_due_at > ?
                order by warn_at limit 500 for update skip locked""", at, at);
        Instant now = clock.instant();
        for (Map<String, Object> c : near) {
            UUID id = (UUID) c.get("id");
            Notice notice = notice("WARNING", c);
            send(id, notice.decision(), (String) c.get("bureau"), "WARNING", notice.body());
            jdbc.update("update case_file set warned_at = ? where id = ?", Timestamp.from(now), id);
            log.info("case {}: the bureau warned, its reply deadline is near", id);
        }
        return near.size();
    }

    /**
     * Escalates, once each, the unanswered cases whose reply deadline passed before {@code asOf}: an ESCALATION
     * message on the oversight office's queue (the office is the department whose role is {@code oversight}).
     */
    @Transactional
    public int escalateOverdue(Instant asOf) {
        List<Map<String, Object>> due = jdbc.queryForList("""
                select id, department, case_ref, case_type, decision_id, lineage_id, document_number, letter::text as letter,
                       reply_due_at
                from case_file where escalated_at is null and status in ('OPEN', 'SIGNED') and reply_due_at < ?
                order by reply_due_at limit 500 for update skip locked""", Timestamp.from(asOf));
        Instant now = clock.instant();
        for (Map<String, Object> c : due) {
            UUID id = (UUID) c.get("id");
            Notice notice = notice("ESCALATION", c);
            for (var office : departments.all()) {
                if ("oversight".equals(office.role())) {
                    send(id, notice.decision(), office.code(), "ESCALATION", notice.body());
                }
            }
            jdbc.update("update case_file set escalated_at = ? where id = ?", Timestamp.from(now), id);
            log.info("case {} escalated: no reply by its deadline", id);
        }
        return due.size();
    }

    /** A deadline's message about a case row (WARNING, ESCALATION): the case, its letter and its reply deadline. */
    private Notice notice(String type, Map<String, Object> c) {
        DecisionRef decision = c.get("decision_id") == null ? null : new DecisionRef((UUID) c.get("decision_id"),
                (UUID) c.get("lineage_id"), (String) c.get("document_number"));
        Letter letter = c.get("letter") == null ? null : json.read((String) c.get("letter"), Letter.class);
        Map<String, Object> body = message(type, (UUID) c.get("id"), (String) c.get("department"),
                (String) c.get("case_ref"), (String) c.get("case_type"), decision, (String) c.get("document_number"),
                letter, ((Timestamp) c.get("reply_due_at")).toInstant());
        body.put("deadline", "CASE_REPLY");
        return new Notice(decision, body);
    }

    private record Notice(DecisionRef decision, Map<String, Object> body) {
    }

    private static Map<String, Object> message(String type, UUID caseId, String department, String caseRef,
            String caseType, DecisionRef decision, String documentNumber, Letter letter, Instant replyDueAt) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("messageType", type);
        body.put("caseId", caseId.toString());
        body.put("caseRef", caseRef);
        body.put("type", caseType);
        body.put("department", department);
        body.put("decisionId", decision == null ? null : decision.id().toString());
        body.put("documentNumber", decision == null ? documentNumber : decision.documentNumber());
        body.put("letter", letter);
        if (replyDueAt != null) {
            body.put("replyDueAt", org.linkagehub.platform.BeijingTime.of(replyDueAt).toString());
        }
        return body;
    }

    /**
     * Puts a case's message in the outbox, in this transaction, on the department's channel as its decisions go
     * ({@link Notices}: the broker for queue and browser departments, the signed HTTP push for http ones, and the pull
     * channel for all), deduplicated on {@code case:<caseId>:<type>:<CODE>}.
     */
    private void send(UUID caseId, DecisionRef decision, String to, String type, Map<String, Object> body) {
        notices.send(new Notices.Notice(to, type, "case", caseId, decision == null ? caseId : decision.lineageId(),
                "case:" + caseId + ":" + type + ":" + to, body));
    }

    /**
     * Tells a department on its own queue why the case it sent by queue was refused ({@code CASE_REFUSED}): its
     * caseRef where the body had a readable one, the reasons as the quarantine keeps them (ID numbers masked by the
     * validator, values cut to storable text) and the raw input's id, which operators find the quarantine entry by.
     * It goes whatever the department's channel: a department that files by queue reads its queue. The duplicate id
     * names the raw input, unique for all time, so an outbox batch re-sent after a crash is dropped by the broker; a
     * message the broker redelivers because the hub crashed after its commit but before its acknowledgement is a new
     * raw input, refused and told again.
     */
    private void reportRefusal(String department, long rawInputId, String caseRef, List<Reason> reasons) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("messageType", REFUSED);
        body.put("department", department);
        body.put("caseRef", caseRef);
        body.put("rawInputId", rawInputId);
        body.put("reasons", reasons.stream().map(StrictInput::storable).toList());
        body.put("refusedAt", org.linkagehub.platform.BeijingTime.of(clock.instant()).toString());
        String duplicateId = REFUSED_DUPLICATE_PREFIX + rawInputId;
        notices.send(new Notices.Notice(department, REFUSED, null, null,
                UUID.nameUUIDFromBytes(duplicateId.getBytes(java.nio.charset.StandardCharsets.UTF_8)), duplicateId, body,
                OutboxChannel.QUEUE));
    }

    /** A caseRef to name in a refusal: the body's own, when it is text the hub can repeat as it is. */
    private static String readableCaseRef(JsonNode tree) {
        JsonNode ref = tree.path("caseRef");
        return ref.isTextual() && StrictInput.textProblem("caseRef", ref.asText(), CaseValidator.MAX_CASE_REF, false)
                .isEmpty() ? ref.asText() : null;
    }

    /**
     * The case the department already filed under {@code caseRef}, if any; a conflict when it was filed with other
     * content. The parsed case is compared as PostgreSQL's {@code jsonb} compares (key order, white space and the
     * way a number is written do not count), with the {@code fields} stored when it was filed: the department's
     * system may re-serialise its letter before a retry, but may not change what it says under the same caseRef.
     */
    private Optional<Filing> existing(String department, String caseRef, JsonNode tree) {
        return jdbc.query("""
                select id, status, reply_due_at, case_ref, fields = ?::jsonb as same from case_file
                where department = ? and case_ref = ?""", (rs, n) -> new Filing((UUID) rs.getObject("id"), false,
                CaseStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("reply_due_at") == null ? null : rs.getTimestamp("reply_due_at").toInstant(),
                rs.getBoolean("same") ? List.of() : List.of(Reason.of("caseRef", rs.getString("case_ref"),
                        "already-filed", "caseRef already filed with other content; a changed letter is a new case "
                                + "with its own caseRef"))), tree.toString(), department, caseRef).stream().findFirst();
    }

    /**
     * A caseRef filed again: the same case when the content is the same; else refused, and the body kept in
     * quarantine with the reason (the case as first filed stays as it is).
     */
    private Filing repeated(RawInput input, String department, Filing existing, String reportAs) {
        if (!existing.conflict()) {
            raw.markOutcome(input.id(), "DUPLICATE", null);
            return existing;
        }
        quarantine.quarantine(input.id(), SOURCE, existing.reasons().get(0).value(), existing.reasons());
        raw.markOutcome(input.id(), "REJECTED", null);
        if (reportAs != null) { // filed by queue: told on its queue, as for any refusal
            reportRefusal(department, input.id(), reportAs, existing.reasons());
        }
        log.info("case {} filed again by {} with other content: refused", existing.caseId(), department);
        return existing;
    }

    record DecisionRef(UUID id, UUID lineageId, String documentNumber) {
    }

    private DecisionRef findDecision(String decisionId, String documentNumber) {
        List<DecisionRef> found = decisionId != null
                ? jdbc.query("select id, lineage_id, document_number from decision where id = ?::uuid", this::ref,
                        decisionId)
                : jdbc.query("""
                        select id, lineage_id, document_number from decision where document_number = ?
                        order by version desc limit 1""", this::ref, documentNumber);
        return found.isEmpty() ? null : found.get(0);
    }

    private DecisionRef ref(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new DecisionRef((UUID) rs.getObject("id"), (UUID) rs.getObject("lineage_id"),
                rs.getString("document_number"));
    }

    private void event(UUID caseId, CaseStatus status, String actor, String note, Instant at) {
        jdbc.update("insert into case_event (case_id, status, at, actor, note) values (?, ?, ?, ?, ?)", caseId,
                status.name(), Timestamp.from(at), actor, note);
    }

    /**
     * Every text value of a case read by the strict reading (issue 14): no control characters but tab and line
     * ends, no lone surrogate, at most {@link #MAX_TEXT} characters; a case's letter and summary go into columns and
     * onto the bureau's feed, where a NUL would fail the insert.
     */
    static List<Reason> textProblems(JsonNode node, String path) {
        List<Reason> found = new java.util.ArrayList<>();
        if (node.isTextual()) {
            StrictInput.textProblem(path.isEmpty() ? "$" : path, node.asText(), MAX_TEXT, false).ifPresent(found::add);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> found.addAll(
                    textProblems(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(textProblems(node.get(i), path + "[" + i + "]"));
            }
        }
        return found;
    }
}
