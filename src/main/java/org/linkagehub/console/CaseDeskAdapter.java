package org.linkagehub.console;

import static org.linkagehub.platform.ApiAnswers.uuid;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.cases.CaseAttachments;
import org.linkagehub.cases.CaseQueries;
import org.linkagehub.cases.CaseService;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** The console's {@link CaseDesk} over the cases feature's query class and service; it writes no table itself. */
@Component
class CaseDeskAdapter implements CaseDesk {

    private final CaseQueries queries;
    private final CaseService service;
    private final CaseAttachments attachments;

    CaseDeskAdapter(CaseQueries queries, CaseService service, CaseAttachments attachments) {
        this.queries = queries;
        this.service = service;
        this.attachments = attachments;
    }

    @Override
    public Page<CaseRow> list(Viewer viewer, String filedBy, String status, String type, int page, int size) {
        CaseQueries.PageOf p = queries.list(scope(viewer), filedBy, status, type, page, size);
        return new Page<>(p.items().stream().map(CaseDeskAdapter::row).toList(), p.total(), p.page(), p.size());
    }

    @Override
    public Optional<CaseDetail> detail(Viewer viewer, String caseId) {
        return uuid(caseId).flatMap(id -> queries.find(scope(viewer), id)).map(CaseDeskAdapter::detail);
    }

    @Override
    public Filed file(String department, byte[] body, String actor) {
        CaseService.Filing f = service.file(department, body, "CONSOLE", actor);
        // a caseRef filed again with other content is refused like an invalid case: the form shows the reason
        return new Filed(f.accepted() ? f.caseId().toString() : null, f.created(),
                f.status() == null ? null : f.status().name(),
                f.replyDueAt() == null ? null : f.replyDueAt().atOffset(ZoneOffset.UTC), reasons(f.reasons()));
    }

    @Override
    public Replied reply(String bureau, String caseId, Reply reply, String actor) {
        Optional<UUID> id = uuid(caseId);
        if (id.isEmpty()) {
            return new Replied(false, null, List.of(new Reason("caseId", caseId, "not-found")));
        }
        org.linkagehub.cases.Letter letter = reply.letter() == null ? null
                : new org.linkagehub.cases.Letter(reply.letter().documentNumber(), reply.letter().date(),
                        reply.letter().signer());
        CaseService.ReplyResult r = service.reply(bureau, id.get(), reply.outcome(), letter, reply.note(),
                reply.reason(), reply.rectifyBy(), actor);
        return new Replied(r.done(), r.status() == null ? null : r.status().name(), reasons(r.reasons()));
    }

    @Override
    public Replied rectification(String department, String caseId, boolean rectified, String note, String actor) {
        Optional<UUID> id = uuid(caseId);
        CaseService.Rectification r = id.isEmpty() ? null
                : service.rectification(department, id.get(), rectified, note, actor);
        if (r == null || r.notFound()) {
            return new Replied(false, null, List.of(new Reason("caseId", caseId, "not-found")));
        }
        return new Replied(r.done(), r.status() == null ? null : r.status().name(), reasons(r.reasons()));
    }

    @Override
    public List<Attachment> attachments(Viewer viewer, String caseId) {
        return uuid(caseId).filter(c -> queries.visible(scope(viewer), c)).map(attachments::list).orElse(List.of())
                .stream().map(a -> new Attachment(a.attachmentId().toString(), a.fileName(), a.contentType(),
                        a.sizeBytes(), a.sha256(), a.uploadedAt(), a.uploadedBy())).toList();
    }

    @Override
    public Optional<ResponseEntity<byte[]>> download(Viewer viewer, String caseId, String attachmentId) {
        return uuid(caseId).filter(c -> queries.visible(scope(viewer), c))
                .flatMap(c -> uuid(attachmentId).flatMap(a -> attachments.download(c, a)))
                .map(CaseAttachments.Download::answer);
    }

    @Override
    public Replied sign(String bureau, String caseId, String actor) {
        Optional<UUID> id = uuid(caseId);
        CaseService.SignResult r = id.isEmpty() ? new CaseService.SignResult(CaseService.Signing.NOT_FOUND, null)
                : service.sign(bureau, id.get(), null, null, actor);
        List<Reason> reasons = switch (r.outcome()) {
            case SIGNED -> List.of();
            case ALREADY_SIGNED -> List.of(new Reason("status", r.status().name(), "already-signed"));
            case NOT_FOUND, NOT_THE_BUREAU -> List.of(new Reason("caseId", caseId, "not-found"));
        };
        return new Replied(r.outcome() == CaseService.Signing.SIGNED, r.status() == null ? null : r.status().name(),
                reasons);
    }

    @Override
    public List<CaseDetail> ofLineage(Viewer viewer, UUID lineageId) {
        return queries.ofLineage(scope(viewer), lineageId).stream().map(CaseDeskAdapter::detail).toList();
    }

    @Override
    public Map<String, CaseFigures> figures(Period period) {
        Map<String, CaseFigures> out = new HashMap<>();
        for (CaseQueries.Figures f : queries.figures(period.start().atOffset(ZoneOffset.UTC),
                period.end().atOffset(ZoneOffset.UTC))) {
            CaseFigures was = out.getOrDefault(f.department(), CaseFigures.NONE);
            out.put(f.department(), f.filed() >= 0
                    ? new CaseFigures(f.filed(), was.repliesOnTime(), was.repliesDue(), was.open())
                    : new CaseFigures(was.filed(), f.repliesOnTime(), f.repliesDue(), f.open()));
        }
        return out;
    }

    @Override
    public Map<String, Long> openRectifications(Period period) {
        return queries.openRectifications(period.start().atOffset(ZoneOffset.UTC), period.end().atOffset(ZoneOffset.UTC));
    }

    private static CaseQueries.Scope scope(Viewer viewer) {
        return viewer.department() == null ? CaseQueries.Scope.ALL
                : new CaseQueries.Scope(viewer.department(), viewer.bureau());
    }

    private static List<Reason> reasons(List<org.linkagehub.canonical.Reason> reasons) {
        return reasons.stream().map(r -> new Reason(r.field(), r.value(), r.rule())).toList();
    }

    private static Letter letter(org.linkagehub.cases.Letter l) {
        return l == null ? null : new Letter(l.documentNumber(), l.date(), l.signer());
    }

    private static CaseRow row(CaseQueries.CaseRow r) {
        return new CaseRow(r.caseId().toString(), r.caseRef(), r.department(), r.type(), r.status(), r.summary(),
                r.documentNumber(), r.lineageId(), r.filedAt(), r.replyDueAt(), r.overdue(), r.outcome());
    }

    private static CaseDetail detail(CaseQueries.CaseDetail d) {
        CaseQueries.ReplyView r = d.reply();
        return new CaseDetail(row(d.row()), d.requestedAction(), letter(d.letter()), d.fieldsJson(),
                d.history().stream().map(e -> new HistoryEntry(e.status(), e.at(), e.actor(), e.note())).toList(),
                r == null ? null : new ReplyView(r.outcome(), letter(r.letter()), r.note(), r.reason(), r.at(), r.actor()),
                d.closedByDocumentNumber(), d.taskId(), d.rectifyBy());
    }
}
