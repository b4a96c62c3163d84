package org.linkagehub.console;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the console asks of the commitment-checks feature (issue 13, 告知承诺核查): the verification tasks a viewer may
 * see, a department's result for its own task, and a lineage's tasks for its timeline. Scope follows the API: a
 * department sees its own tasks, operators and the auditor ({@code department} null) all. The console writes no table
 * itself; the implementation sits over the feature's query class and service.
 */
interface TaskDesk {

    /** Tasks newest first; {@code department} null for every department's, {@code status} null for any. */
    Page<TaskRow> list(String department, String status, int page, int size);

    /**
     * The department's result for its own task, as the API takes it: VERIFIED, or MISMATCH with a summary (which
     * opens a case to the bureau). Refused, with the reasons, when the task is not the department's or not open.
     */
    Answered answer(String department, String taskId, JsonNode body, String actor);

    /** The tasks of a lineage the department may see (null: all), oldest first. */
    List<TaskRow> ofLineage(String department, UUID lineageId);

    /** Per department code, its commitment checks opened in the period: due, and done by the due date. */
    Map<String, TaskFigures> figures(Period period);

    /** Checks due (answered, or past the due date unanswered) and those answered by the due date. */
    record TaskFigures(long due, long onTime) {

        static final TaskFigures NONE = new TaskFigures(0, 0);

        /** The share done on time, in percent; null with nothing due ("—", never 0 %). */
        public Double onTimePercent() {
            return due == 0 ? null : Math.round(1000.0 * onTime / due) / 10.0;
        }
    }

    record TaskRow(String taskId, UUID decisionId, UUID lineageId, String documentNumber, String matter,
            String department, String status, OffsetDateTime dueAt, boolean overdue, String result, String summary,
            OffsetDateTime resultAt, UUID caseId, OffsetDateTime openedAt) {

        public boolean open() {
            return "OPEN".equals(status);
        }
    }

    /** The outcome of a result: done (with the task's status), or the reasons it was refused. */
    record Answered(boolean done, String status, List<CaseDesk.Reason> reasons) {
    }
}
