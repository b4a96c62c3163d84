package org.linkagehub.console;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.commitments.TaskQueries;
import org.linkagehub.commitments.TaskResultInput;
import org.linkagehub.commitments.TaskService;
import org.linkagehub.platform.ApiAnswers;
import org.springframework.stereotype.Component;

/** The console's {@link TaskDesk} over the commitment feature's query class and service; it writes no table itself. */
@Component
class TaskDeskAdapter implements TaskDesk {

    private final TaskQueries queries;
    private final TaskService service;

    TaskDeskAdapter(TaskQueries queries, TaskService service) {
        this.queries = queries;
        this.service = service;
    }

    @Override
    public Page<TaskRow> list(String department, String status, int page, int size) {
        TaskQueries.PageOf p = queries.list(department, status, page, size);
        return new Page<>(p.items().stream().map(TaskDeskAdapter::row).toList(), p.total(), p.page(), p.size());
    }

    @Override
    public Answered answer(String department, String taskId, JsonNode body, String actor) {
        Optional<UUID> id = ApiAnswers.uuid(taskId);
        if (id.isEmpty()) {
            return refused("taskId", taskId, "not-found");
        }
        TaskResultInput.Reading reading = TaskResultInput.read(body);
        if (!reading.reasons().isEmpty()) {
            return new Answered(false, null, reading.reasons().stream()
                    .map(r -> new CaseDesk.Reason(r.field(), r.value(), r.rule())).toList());
        }
        TaskService.Outcome o = service.result(department, id.get(), reading.result(), reading.summary(), actor);
        if (o.notFound()) {
            return refused("taskId", taskId, "not-found");
        }
        if (!o.done()) {
            return refused("status", o.status().name(), "not-open");
        }
        return new Answered(true, o.status().name(), List.of());
    }

    @Override
    public List<TaskRow> ofLineage(String department, UUID lineageId) {
        return queries.ofLineage(lineageId).stream()
                .filter(t -> department == null || department.equals(t.department()))
                .map(TaskDeskAdapter::row).toList();
    }

    @Override
    public Map<String, TaskFigures> figures(Period period) {
        return queries.figures(period.start().atOffset(ZoneOffset.UTC), period.end().atOffset(ZoneOffset.UTC))
                .stream().collect(Collectors.toMap(TaskQueries.Figures::department,
                        f -> new TaskFigures(f.due(), f.onTime())));
    }

    private static Answered refused(String field, String value, String rule) {
        return new Answered(false, null, List.of(new CaseDesk.Reason(field, value, rule)));
    }

    private static TaskRow row(TaskQueries.TaskRow t) {
        return new TaskRow(t.taskId().toString(), t.decisionId(), t.lineageId(), t.documentNumber(), t.matter(),
                t.department(), t.status(), t.dueAt(), t.overdue(), t.result(), t.summary(), t.resultAt(), t.caseId(),
                t.openedAt());
    }
}
