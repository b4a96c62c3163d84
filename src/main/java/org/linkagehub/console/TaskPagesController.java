package org.linkagehub.console;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/tasks}: the verification tasks of commitment grants (告知承诺核查) in the browser. A department sees
 * its own tasks by due date, overdue ones marked, and answers an open one (VERIFIED, or MISMATCH with what did not
 * match, which goes to the bureau as a case); operators and the auditor read every department's tasks and answer none.
 * Answers go through the commitment feature ({@link TaskDesk}), read by the same rules as the API's.
 */
@Controller
class TaskPagesController {

    static final List<String> STATUSES = List.of("OPEN", "VERIFIED", "MISMATCH", "CLOSED");
    private static final int PAGE_SIZE = 50;

    private final ObjectProvider<TaskDesk> tasks;
    private final DepartmentRegistry departments;
    private final Json json;

    TaskPagesController(ObjectProvider<TaskDesk> tasks, DepartmentRegistry departments, Json json) {
        this.tasks = tasks;
        this.departments = departments;
        this.json = json;
    }

    @GetMapping("/console/tasks")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String department,
            @RequestParam(defaultValue = "0") int page, Authentication user, Model model) {
        String mine = Scope.departmentOf(user);
        String shown = mine != null ? mine : blankToNull(department);
        String wanted = status != null && STATUSES.contains(status) ? status : null;
        model.addAttribute("mine", mine);
        model.addAttribute("status", wanted);
        model.addAttribute("department", shown);
        model.addAttribute("taskStatuses", STATUSES);
        model.addAttribute("departments", departments.all());
        model.addAttribute("page", desk().list(shown, wanted, Math.max(page, 0), PAGE_SIZE));
        return "console/tasks";
    }

    /** A department answers its own task; operators and the auditor have no department and are refused. */
    @PostMapping("/console/tasks/{taskId}/result")
    String result(@PathVariable String taskId, @RequestParam(required = false) String result,
            @RequestParam(required = false) String summary, Authentication user, RedirectAttributes flash) {
        String mine = Scope.departmentOf(user);
        if (mine == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the task's department answers it");
        }
        ObjectNode body = json.mapper().createObjectNode();
        if (result != null && !result.isBlank()) {
            body.put("result", result.strip());
        }
        if (summary != null && !summary.isBlank()) {
            body.put("summary", summary);
        }
        TaskDesk.Answered answered = desk().answer(mine, taskId, body, "console:" + user.getName());
        flash.addFlashAttribute("answeredTask", taskId);
        if (answered.done()) {
            flash.addFlashAttribute("answered", answered.status());
        } else {
            flash.addFlashAttribute("answerReasons", answered.reasons());
        }
        return "redirect:/console/tasks";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The commitment feature; until it is part of the hub the page is not there (404). */
    private TaskDesk desk() {
        TaskDesk desk = tasks.getIfAvailable();
        if (desk == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the commitment feature is not installed");
        }
        return desk;
    }
}
