package org.linkagehub.console;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.departments.DepartmentRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;

/**
 * What the console asks of the cases feature (issue 12): the console reads cases and asks for them to be filed and
 * replied to, and writes no table itself. Scope follows the API: a department sees the cases it filed, the bureau
 * (the department whose registry role is {@code approval-bureau}) those sent to it, operators and the auditor all.
 * The implementation sits over the cases feature's query class and service.
 */
interface CaseDesk {

    /**
     * Cases newest first, each with its deadline; {@code filedBy} narrows to one department's cases (null: all that
     * {@code viewer} may see), {@code status} and {@code type} to one of each (null: any).
     */
    Page<CaseRow> list(Viewer viewer, String filedBy, String status, String type, int page, int size);

    /** One case with its history and reply; empty when there is none or the viewer may not see it. */
    Optional<CaseDetail> detail(Viewer viewer, String caseId);

    /** Files a case as {@code department} from the JSON body the API takes; stored raw and validated as any case. */
    Filed file(String department, byte[] body, String actor);

    /**
     * The bureau signs for a case (签收), as a receipt by REST or queue would; {@code done} is false when the case was
     * signed already or is not the bureau's (then with the reason).
     */
    Replied sign(String bureau, String caseId, String actor);

    /** The bureau's reply; refused (with the reason) when the case is not the bureau's to answer or the reply is invalid. */
    Replied reply(String bureau, String caseId, Reply reply, String actor);

    /**
     * The filing department's report on a RECTIFYING case: rectified closes it, not rectified turns it to WILL_REVOKE;
     * refused (with the reason) when the case is not the department's or not rectifying.
     */
    Replied rectification(String department, String caseId, boolean rectified, String note, String actor);

    /** The files attached to a case the viewer may see, oldest first, without their bytes; empty when it may not. */
    List<Attachment> attachments(Viewer viewer, String caseId);

    /**
     * One attached file of a case the viewer may see, as the HTTP answer the API gives (its type, Content-Disposition
     * {@code attachment}, {@code nosniff}); empty when there is none or the viewer may not see the case.
     */
    Optional<ResponseEntity<byte[]>> download(Viewer viewer, String caseId, String attachmentId);

    /** The cases about any version of a decision's lineage that the viewer may see, oldest first, with their replies. */
    List<CaseDetail> ofLineage(Viewer viewer, UUID lineageId);

    /** Per department code, the cases it filed in the period, and the bureau's replies and open cases. */
    Map<String, CaseFigures> figures(Period period);

    /** Per filing department code, its commitment-mismatch cases of the period waiting for the rectification now. */
    Map<String, Long> openRectifications(Period period);

    /** Who asks: a department's code (and whether it is the bureau), or null for operators and the auditor. */
    record Viewer(String department, boolean bureau) {

        static final Viewer ALL = new Viewer(null, false);

        /** The console user as a viewer of cases; a department is the bureau by its registry role. */
        static Viewer of(Authentication user, DepartmentRegistry departments) {
            String department = Scope.departmentOf(user);
            if (department == null) {
                return ALL;
            }
            return new Viewer(department, departments.find(department)
                    .map(d -> CasePagesController.BUREAU_ROLE.equals(d.role())).orElse(false));
        }
    }

    record CaseRow(String caseId, String caseRef, String department, String type, String status, String summary,
            String documentNumber, UUID lineageId, OffsetDateTime filedAt, OffsetDateTime replyDueAt,
            boolean overdue, String outcome) {
    }

    record Letter(String documentNumber, String date, String signer) {
    }

    record HistoryEntry(String status, OffsetDateTime at, String actor, String note) {
    }

    record ReplyView(String outcome, Letter letter, String note, String reason, OffsetDateTime at, String actor) {
    }

    /** A case whole: {@code fields} is the case as filed (its JSON, for the page to show as it came). */
    record CaseDetail(CaseRow row, String requestedAction, Letter letter, String fieldsJson,
            List<HistoryEntry> history, ReplyView reply, String closedByDocumentNumber, UUID taskId,
            OffsetDateTime rectifyBy) {

        /** The filing department reports on the rectification (整改) while the case waits for it. */
        public boolean rectifying() {
            return "RECTIFYING".equals(row.status());
        }

        public boolean answerable() {
            return "OPEN".equals(row.status()) || "SIGNED".equals(row.status());
        }
    }

    /** The outcome of filing: the case (new or the same {@code caseRef} again), or the reasons it was refused. */
    record Filed(String caseId, boolean created, String status, OffsetDateTime replyDueAt, List<Reason> reasons) {

        public boolean accepted() {
            return caseId != null;
        }
    }

    record Reason(String field, String value, String rule) {
    }

    /** A file attached to a case, with the sha256 the hub computed when it was uploaded. */
    record Attachment(String attachmentId, String fileName, String contentType, long sizeBytes, String sha256,
            OffsetDateTime uploadedAt, String uploadedBy) {
    }

    /** {@code rectifyBy}: the date (yyyy-MM-dd) to rectify by, with the outcome RECTIFY to a commitment mismatch. */
    record Reply(String outcome, Letter letter, String note, String reason, String rectifyBy) {
    }

    record Replied(boolean done, String status, List<Reason> reasons) {
    }

    /**
     * A department's case figures for a period: cases it filed; for the bureau, replies made on time out of those
     * due (replied, or past their reply deadline unanswered) and the cases not closed yet.
     */
    record CaseFigures(long filed, long repliesOnTime, long repliesDue, long open) {

        static final CaseFigures NONE = new CaseFigures(0, 0, 0, 0);
    }
}
