package org.linkagehub.console;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/cases}: the loop back to the bureau in the browser (issue 12). A department files its letters
 * (函告) as itself and follows them; the bureau reads its inbox by reply deadline and replies (函复) from the case's
 * page; operators and the auditor read every case. Filing and replying go through the cases feature
 * ({@link CaseDesk}), as the API and the queues do.
 */
@Controller
class CasePagesController {

    static final String BUREAU_ROLE = "approval-bureau";
    static final List<String> TYPES = List.of("ERRONEOUS_APPROVAL", "PENALTY_DECISION", "VIOLATION_FOUND", "MAJOR_ISSUE");
    static final List<String> STATUSES = List.of("OPEN", "SIGNED", "REPLIED", "AWAITING_DECISION", "RECTIFYING",
            "CLOSED");
    static final List<String> OUTCOMES = List.of("WILL_REVOKE", "WILL_CHANGE", "WILL_TERMINATE", "REJECTED", "NOTED",
            "RECTIFY");
    private static final int PAGE_SIZE = 50;

    private final ObjectProvider<CaseDesk> cases;
    private final DepartmentRegistry departments;
    private final Json json;

    CasePagesController(ObjectProvider<CaseDesk> cases, DepartmentRegistry departments, Json json) {
        this.cases = cases;
        this.departments = departments;
        this.json = json;
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("caseTypes", TYPES);
        model.addAttribute("caseStatuses", STATUSES);
        model.addAttribute("caseOutcomes", OUTCOMES);
    }

    @GetMapping("/console/cases")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String type,
            @RequestParam(required = false) String department, @RequestParam(defaultValue = "0") int page,
            Authentication user, Model model) {
        CaseDesk.Viewer viewer = viewer(user);
        model.addAttribute("viewer", viewer);
        model.addAttribute("status", blankToNull(status));
        model.addAttribute("type", blankToNull(type));
        model.addAttribute("department", blankToNull(department));
        model.addAttribute("page", desk().list(viewer, blankToNull(department), blankToNull(status), blankToNull(type),
                Math.max(page, 0), PAGE_SIZE));
        model.addAttribute("departments", departments.all());
        return "console/cases";
    }

    @GetMapping("/console/cases/new")
    String form(Authentication user, Model model) {
        filer(user);
        model.addAttribute("form", new CaseForm("ERRONEOUS_APPROVAL", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null));
        return "console/case-new";
    }

    /** Files as the user's own department: the form has no department field, and none is read from it. */
    @PostMapping("/console/cases")
    String file(@ModelAttribute("form") CaseForm form, Authentication user, Model model, RedirectAttributes flash) {
        String department = filer(user);
        CaseDesk.Filed filed = desk().file(department, json.write(form.body(json.mapper())).getBytes(StandardCharsets.UTF_8),
                "console:" + user.getName());
        if (!filed.accepted()) {
            model.addAttribute("reasons", filed.reasons());
            return "console/case-new";
        }
        flash.addFlashAttribute("filed", filed);
        return "redirect:/console/cases/" + filed.caseId();
    }

    @GetMapping("/console/cases/{caseId}")
    String detail(@PathVariable String caseId, Authentication user, Model model) {
        CaseDesk.Viewer viewer = viewer(user);
        model.addAttribute("viewer", viewer);
        model.addAttribute("item", desk().detail(viewer, caseId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no case " + caseId)));
        model.addAttribute("attachments", desk().attachments(viewer, caseId));
        return "console/case";
    }

    /** An attached file, for whoever may read the case; always a download, never shown inline. */
    @GetMapping("/console/cases/{caseId}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable String caseId, @PathVariable String attachmentId,
            Authentication user) {
        return desk().download(viewer(user), caseId, attachmentId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no attachment " + attachmentId));
    }

    /** Only the bureau replies; anyone else is refused before the case is looked at. */
    @PostMapping("/console/cases/{caseId}/reply")
    String reply(@PathVariable String caseId, @RequestParam String outcome,
            @RequestParam(required = false) String letterDocumentNumber,
            @RequestParam(required = false) String letterDate, @RequestParam(required = false) String letterSigner,
            @RequestParam(required = false) String note, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String rectifyBy, Authentication user, RedirectAttributes flash) {
        CaseDesk.Viewer viewer = viewer(user);
        if (!viewer.bureau()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the approval bureau replies to a case");
        }
        CaseDesk.Letter letter = new CaseDesk.Letter(blankToNull(letterDocumentNumber), blankToNull(letterDate),
                blankToNull(letterSigner));
        CaseDesk.Replied replied = desk().reply(viewer.department(), caseId, new CaseDesk.Reply(outcome,
                letter.documentNumber() == null && letter.date() == null && letter.signer() == null ? null : letter,
                blankToNull(note), blankToNull(reason), blankToNull(rectifyBy)), "console:" + user.getName());
        if (replied.done()) {
            flash.addFlashAttribute("replied", replied.status());
        } else {
            flash.addFlashAttribute("replyReasons", replied.reasons());
        }
        return "redirect:/console/cases/" + caseId;
    }

    /**
     * The filing department reports whether the party rectified (整改) while the case is RECTIFYING; the bureau,
     * operators and the auditor have no case of theirs to report on and are refused (the desk finds none).
     */
    @PostMapping("/console/cases/{caseId}/rectification")
    String rectification(@PathVariable String caseId, @RequestParam(required = false) String rectified,
            @RequestParam(required = false) String note, Authentication user, RedirectAttributes flash) {
        String department = Scope.departmentOf(user);
        if (department == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the filing department reports a rectification");
        }
        if (!"true".equals(rectified) && !"false".equals(rectified)) {
            flash.addFlashAttribute("replyReasons", List.of(new CaseDesk.Reason("rectified", rectified, "one-of")));
            return "redirect:/console/cases/" + caseId;
        }
        CaseDesk.Replied r = desk().rectification(department, caseId, Boolean.parseBoolean(rectified),
                blankToNull(note), "console:" + user.getName());
        if (r.done()) {
            flash.addFlashAttribute("replied", r.status());
        } else {
            flash.addFlashAttribute("replyReasons", r.reasons());
        }
        return "redirect:/console/cases/" + caseId;
    }

    /** The bureau signs for a case from its page (签收), as it would by a receipt; anyone else is refused first. */
    @PostMapping("/console/cases/{caseId}/sign")
    String sign(@PathVariable String caseId, Authentication user, RedirectAttributes flash) {
        CaseDesk.Viewer viewer = viewer(user);
        if (!viewer.bureau()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only the approval bureau signs for a case");
        }
        CaseDesk.Replied signed = desk().sign(viewer.department(), caseId, "console:" + user.getName());
        if (signed.done()) {
            flash.addFlashAttribute("signed", signed.status());
        } else {
            flash.addFlashAttribute("replyReasons", signed.reasons());
        }
        return "redirect:/console/cases/" + caseId;
    }

    /** The department a user files as: its own, and never the bureau writing to itself. */
    private String filer(Authentication user) {
        CaseDesk.Viewer viewer = viewer(user);
        if (viewer.department() == null || viewer.bureau()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only a department files a case with the bureau");
        }
        return viewer.department();
    }

    /** The cases feature; until it is part of the hub the case pages are not there (404). */
    private CaseDesk desk() {
        CaseDesk desk = cases.getIfAvailable();
        if (desk == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the cases feature is not installed");
        }
        return desk;
    }

    private CaseDesk.Viewer viewer(Authentication user) {
        return CaseDesk.Viewer.of(user, departments);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
