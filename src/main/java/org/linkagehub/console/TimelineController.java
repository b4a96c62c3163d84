package org.linkagehub.console;

import java.util.List;
import java.util.UUID;

import org.linkagehub.routing.DepartmentRegistry;
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
 * lineage's timeline, with the cases departments filed about it and the bureau's replies. Raw inputs are for
 * operators and auditors; a department sees its own deliveries and cases only.
 */
@Controller
class TimelineController {

    private static final int LIMIT = 100;

    private final Timeline timeline;
    private final ObjectProvider<CaseDesk> cases;
    private final DepartmentRegistry departments;

    TimelineController(Timeline timeline, ObjectProvider<CaseDesk> cases, DepartmentRegistry departments) {
        this.timeline = timeline;
        this.cases = cases;
        this.departments = departments;
    }

    @GetMapping("/console/decisions")
    String search(@RequestParam(required = false) String q, Authentication user, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("results", timeline.search(q, Scope.departmentOf(user), LIMIT));
        model.addAttribute("limit", LIMIT);
        return "console/decisions";
    }

    @GetMapping("/console/decisions/{lineageId}")
    String story(@PathVariable UUID lineageId, Authentication user, Model model) {
        String department = Scope.departmentOf(user);
        model.addAttribute("story", timeline.story(lineageId, department, department == null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no decision " + lineageId)));
        CaseDesk desk = cases.getIfAvailable();
        model.addAttribute("cases", desk == null ? List.of()
                : desk.ofLineage(CaseDesk.Viewer.of(user, departments), lineageId));
        return "console/timeline";
    }
}
