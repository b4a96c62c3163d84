package org.linkagehub.console;

import java.util.List;
import java.util.UUID;

import org.linkagehub.departments.DepartmentRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /console/decisions}: find a decision by document number, USCC, applicant name or matter, and see its
 * lineage's timeline, with the cases departments filed about it, the bureau's replies and its return visits. Raw
 * inputs are for operators and auditors; a department sees its own deliveries and cases only. The visits show to
 * everyone who sees the timeline (a department learns what the bureau found about its supervision), the contact in
 * clear to the bureau alone.
 */
@Controller
class TimelineController {

    private static final int LIMIT = 100;

    private final Timeline timeline;
    private final ObjectProvider<CaseDesk> cases;
    private final ObjectProvider<VisitDesk> visits;
    private final ObjectProvider<TaskDesk> tasks;
    private final DepartmentRegistry departments;

    TimelineController(Timeline timeline, ObjectProvider<CaseDesk> cases, ObjectProvider<VisitDesk> visits,
            ObjectProvider<TaskDesk> tasks, DepartmentRegistry departments) {
        this.timeline = timeline;
        this.cases = cases;
        this.visits = visits;
        this.tasks = tasks;
        this.departments = departments;
    }

    @GetMapping("/console/decisions")
    String search(@RequestParam(required = false) String q, Authentication user, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("results", timeline.search(q, deliveredTo(user), LIMIT));
        model.addAttribute("limit", LIMIT);
        return "console/decisions";
    }

    @GetMapping("/console/decisions/{lineageId}")
    String story(@PathVariable UUID lineageId, Authentication user, Model model) {
        String department = Scope.departmentOf(user);
        model.addAttribute("story", timeline.story(lineageId, deliveredTo(user), department == null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no decision " + lineageId)));
        CaseDesk desk = cases.getIfAvailable();
        CaseDesk.Viewer viewer = CaseDesk.Viewer.of(user, departments);
        model.addAttribute("cases", desk == null ? List.of() : desk.ofLineage(viewer, lineageId));
        VisitDesk visitDesk = visits.getIfAvailable();
        model.addAttribute("visits", visitDesk == null ? List.of() : visitDesk.ofLineage(lineageId, viewer.bureau()));
        // the tasks scoped as the cases are: a department its own, operators, the auditor and the bureau all
        TaskDesk taskDesk = tasks.getIfAvailable();
        model.addAttribute("tasks", taskDesk == null ? List.of() : taskDesk.ofLineage(deliveredTo(user), lineageId));
        return "console/timeline";
    }

    /**
     * Whose deliveries the user sees: a department its own, operators and the auditor (null) all. The bureau made
     * every decision and visits them afterwards (its return-visit list links here): it sees every delivery too, the
     * raw inputs still being for operators and the auditor.
     */
    private String deliveredTo(Authentication user) {
        CaseDesk.Viewer viewer = CaseDesk.Viewer.of(user, departments);
        return viewer.bureau() ? null : viewer.department();
    }
}
