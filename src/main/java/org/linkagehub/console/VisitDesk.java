package org.linkagehub.console;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * What the console asks of the return-visits feature (issue 13 item 5, 回访): a month's list of decisions to visit,
 * the bureau's recording of a visit, and a lineage's visits for its timeline. The console writes no table itself; the
 * implementation sits over the feature's service. {@code inClear}: the visit's contact (a person's name and telephone)
 * is shown as recorded, which only the bureau may see; everyone else gets it masked.
 */
interface VisitDesk {

    /** The current month in Beijing time, the page's default. */
    YearMonth thisMonth();

    /** One page of the month's list, newest delivery first, with how many decisions are not due yet. */
    VisitPage list(YearMonth period, int page, int size, boolean inClear);

    /** Records the bureau's visit from the JSON body the API takes. */
    Recorded record(byte[] body, String actor);

    /** The visits of every version of a lineage, by visit date. */
    List<Visit> ofLineage(UUID lineageId, boolean inClear);

    record VisitPage(Page<Row> page, String after, double samplePercent, long notYetDue) {
    }

    /** A decision to visit: why ({@code NOT_STARTED}, {@code SAMPLE}) and whether its visit is {@code DONE} or {@code DUE}. */
    record Row(UUID decisionId, UUID lineageId, String documentNumber, String matterCode, String matterName,
            OffsetDateTime deliveredAt, String reason, List<DepartmentState> departments, String visitStatus,
            Visit visit) {
    }

    record DepartmentState(String department, String role, String status, OffsetDateTime startBy,
            OffsetDateTime startedAt, boolean startedInTime) {
    }

    record Visit(UUID decisionId, LocalDate visitedOn, String contact, String finding, String followUp, String actor,
            OffsetDateTime recordedAt) {
    }

    /** {@code outcome}: CREATED, SAME (sent again), CONFLICT (the decision has another visit), NOT_FOUND, INVALID. */
    record Recorded(String outcome, List<Reason> reasons) {

        public boolean done() {
            return "CREATED".equals(outcome) || "SAME".equals(outcome);
        }
    }

    record Reason(String field, String value, String rule) {
    }
}
