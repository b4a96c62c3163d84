package org.linkagehub.console;

import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.visits.ReturnVisits;
import org.springframework.stereotype.Component;

/** The console's {@link VisitDesk} over the return-visits feature's service; it writes no table itself. */
@Component
class VisitDeskAdapter implements VisitDesk {

    private final ReturnVisits visits;

    VisitDeskAdapter(ReturnVisits visits) {
        this.visits = visits;
    }

    @Override
    public YearMonth thisMonth() {
        return visits.thisMonth();
    }

    @Override
    public VisitPage list(YearMonth period, int page, int size, boolean inClear) {
        ReturnVisits.VisitList l = visits.list(period, page, size, inClear);
        List<Row> rows = l.items().stream().map(i -> new Row(i.decisionId(), i.lineageId(), i.documentNumber(),
                i.matter().code(), i.matter().name(), i.deliveredAt(), i.reason().name(),
                i.departments().stream().map(d -> new DepartmentState(d.department(), d.role(), d.status(),
                        d.startBy(), d.startedAt(), d.startedInTime())).toList(),
                i.visitStatus(), visit(i.visit()))).toList();
        return new VisitPage(new Page<>(rows, l.total(), l.page(), l.size()), l.after(), l.samplePercent(),
                l.notYetDue());
    }

    @Override
    public Recorded record(byte[] body, String actor) {
        ReturnVisits.Recorded r;
        try {
            r = visits.record(StrictInput.json(body), actor);
        } catch (MalformedPayloadException e) {
            return new Recorded("INVALID", List.of(reason(e.reason())));
        }
        return new Recorded(r.outcome().name(), r.reasons().stream().map(VisitDeskAdapter::reason).toList());
    }

    @Override
    public List<Visit> ofLineage(UUID lineageId, boolean inClear) {
        return visits.ofLineage(lineageId, inClear).stream().map(VisitDeskAdapter::visit).toList();
    }

    private static Visit visit(ReturnVisits.VisitView v) {
        return v == null ? null : new Visit(v.decisionId(), v.visitedOn(), v.contact(), v.finding(), v.followUp(),
                v.actor(), v.recordedAt());
    }

    private static Reason reason(org.linkagehub.canonical.Reason r) {
        return new Reason(r.field(), r.value(), r.rule());
    }
}
