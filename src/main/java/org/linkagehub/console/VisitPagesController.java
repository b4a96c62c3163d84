package org.linkagehub.console;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/return-visits}: the bureau's return visits (回访) in the browser. The bureau, operators and the
 * auditor read a month's list (why each decision is on it, each department's state, whether its visit is done); the
 * bureau records a visit from the list. Other departments are refused: the visits are the bureau's oversight of them.
 * Recording goes through the return-visits feature ({@link VisitDesk}), as the API does.
 */
@Controller
class VisitPagesController {

    private static final int PAGE_SIZE = 50;

    private final ObjectProvider<VisitDesk> visits;
    private final DepartmentRegistry departments;
    private final Json json;

    VisitPagesController(ObjectProvider<VisitDesk> visits, DepartmentRegistry departments, Json json) {
        this.visits = visits;
        this.departments = departments;
        this.json = json;
    }

    @GetMapping("/console/return-visits")
    String list(@RequestParam(required = false) String period, @RequestParam(defaultValue = "0") int page,
            Authentication user, Model model) {
        CaseDesk.Viewer viewer = reader(user);
        VisitDesk desk = desk();
        YearMonth month = month(period, desk);
        model.addAttribute("viewer", viewer);
        model.addAttribute("period", month.toString());
        model.addAttribute("visits", desk.list(month, Math.max(page, 0), PAGE_SIZE, viewer.bureau()));
        return "console/return-visits";
    }

    /** Only the bureau records a visit; the form's fields become the body the API takes. */
    @PostMapping("/console/return-visits")
    String record(@RequestParam(required = false) String decisionId, @RequestParam(required = false) String visitedOn,
            @RequestParam(required = false) String contact, @RequestParam(required = false) String finding,
            @RequestParam(required = false) String followUp, @RequestParam(required = false) String period,
            @RequestParam(defaultValue = "0") int page, Authentication user, RedirectAttributes flash) {
        CaseDesk.Viewer viewer = reader(user);
        if (!viewer.bureau()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the approval bureau records a return visit");
        }
        VisitDesk desk = desk();
        YearMonth month = month(period, desk);
        ObjectNode body = json.mapper().createObjectNode();
        put(body, "decisionId", decisionId);
        put(body, "visitedOn", visitedOn);
        put(body, "contact", contact);
        put(body, "finding", finding);
        put(body, "followUp", followUp);
        VisitDesk.Recorded recorded = desk.record(json.write(body).getBytes(StandardCharsets.UTF_8),
                "console:" + user.getName());
        flash.addFlashAttribute("visitDecision", decisionId);
        if (recorded.done()) {
            flash.addFlashAttribute("visitRecorded", recorded.outcome());
        } else {
            flash.addFlashAttribute("visitRefused", recorded.outcome());
            flash.addFlashAttribute("visitReasons", recorded.reasons());
        }
        return "redirect:/console/return-visits?period=" + month + "&page=" + Math.max(page, 0);
    }

    /** The bureau, operators and the auditor; any other department is refused before anything is read. */
    private CaseDesk.Viewer reader(Authentication user) {
        CaseDesk.Viewer viewer = CaseDesk.Viewer.of(user, departments);
        if (viewer.department() != null && !viewer.bureau()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "return visits are the approval bureau's");
        }
        return viewer;
    }

    private static YearMonth month(String period, VisitDesk desk) {
        if (period == null || period.isBlank()) {
            return desk.thisMonth();
        }
        try {
            return YearMonth.parse(period.strip());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "period is a month, yyyy-MM");
        }
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }

    /** The return-visits feature; until it is part of the hub the page is not there (404). */
    private VisitDesk desk() {
        VisitDesk desk = visits.getIfAvailable();
        if (desk == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the return-visits feature is not installed");
        }
        return desk;
    }
}
