package org.linkagehub.commitments;

import static org.linkagehub.platform.ApiAnswers.error;
import static org.linkagehub.platform.ApiAnswers.uuid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.platform.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tasks}, {@code GET /api/v1/tasks/{taskId}}, {@code POST /api/v1/tasks/{taskId}/result}: a
 * department reads and answers its own verification tasks (another department's answer 404, as if they did not
 * exist); operators and the auditor read all.
 */
@RestController
class TaskController {

    private final TaskService tasks;
    private final TaskQueries queries;

    TaskController(TaskService tasks, TaskQueries queries) {
        this.tasks = tasks;
        this.queries = queries;
    }

    @GetMapping("/api/v1/tasks")
    @Operation(summary = "Verification tasks of commitment grants the caller may see, newest first; filter status")
    Map<String, Object> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String department, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, Authentication caller) {
        String scope = Caller.department(caller).orElse(blank(department));
        TaskQueries.PageOf p = queries.list(scope, blank(status) == null ? null : status.trim()
                .toUpperCase(Locale.ROOT), page, size);
        return Map.of("items", p.items(), "total", p.total(), "page", p.page(), "size", p.size());
    }

    @GetMapping("/api/v1/tasks/{taskId}")
    @Operation(summary = "One verification task with its history")
    ResponseEntity<?> one(@PathVariable String taskId, Authentication caller) {
        Optional<TaskQueries.TaskRow> found = uuid(taskId)
                .flatMap(i -> queries.find(Caller.department(caller).orElse(null), i));
        if (found.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no task " + taskId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", found.get());
        out.put("history", queries.history(found.get().taskId()));
        return ResponseEntity.ok(out);
    }

    /** Body {@code {"result":"VERIFIED"}} or {@code {"result":"MISMATCH","summary":"…"}}. */
    @PostMapping(path = "/api/v1/tasks/{taskId}/result", consumes = "*/*")
    @Operation(summary = "The department's result of checking a commitment (its own task only)")
    ResponseEntity<?> result(@PathVariable String taskId, @RequestBody(required = false) byte[] body,
            Authentication caller) {
        Optional<String> department = Caller.department(caller);
        Optional<UUID> id = uuid(taskId);
        if (department.isEmpty() || id.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no task " + taskId);
        }
        JsonNode tree;
        try {
            tree = StrictInput.json(body == null ? new byte[0] : body);
        } catch (MalformedPayloadException e) {
            return ResponseEntity.badRequest().body(Map.of("status", 400, "reasons", List.of(e.reason())));
        }
        TaskResultInput.Reading reading = TaskResultInput.read(tree);
        List<Reason> reasons = reading.reasons();
        if (!reasons.isEmpty()) {
            return ResponseEntity.unprocessableEntity().body(Map.of("status", 422, "reasons", reasons));
        }
        TaskService.Outcome o = tasks.result(department.get(), id.get(), reading.result(), reading.summary(), "dept:" + department.get());
        if (o.notFound()) {
            return error(HttpStatus.NOT_FOUND, "no task " + taskId);
        }
        if (!o.done()) {
            return error(HttpStatus.CONFLICT, o.problem());
        }
        return ResponseEntity.ok(queries.find(department.get(), id.get()).orElseThrow());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
