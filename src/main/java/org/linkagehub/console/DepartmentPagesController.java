package org.linkagehub.console;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.linkagehub.delivery.DeliveryOversight;
import org.linkagehub.delivery.DeliveryStatus;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Caller;
import org.linkagehub.receipt.Receipt;
import org.linkagehub.receipt.ReceiptException;
import org.linkagehub.receipt.ReceiptService;
import org.springframework.format.annotation.DateTimeFormat;
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
 * {@code /console/departments}: each department's load and on-time rate, its deliveries, and — for a
 * department's own users, the browser channel — signing for a delivery and reporting that supervision started,
 * through the same {@link ReceiptService} as the API.
 */
@Controller
class DepartmentPagesController {

    private static final int PAGE_SIZE = 50;

    private final DeliveryOversight oversight;
    private final DepartmentRegistry departments;
    private final ReceiptService receipts;
    private final Clock clock;

    DepartmentPagesController(DeliveryOversight oversight, DepartmentRegistry departments, ReceiptService receipts,
            Clock clock) {
        this.oversight = oversight;
        this.departments = departments;
        this.receipts = receipts;
        this.clock = clock;
    }

    @GetMapping("/console/departments")
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        Period period = Period.of(from, to, clock);
        model.addAttribute("period", period);
        model.addAttribute("load", oversight.load());
        model.addAttribute("cards", oversight.scorecards(period.from(), period.to()));
        return "console/departments";
    }

    @GetMapping("/console/departments/{code}")
    String deliveries(@PathVariable String code, @RequestParam(defaultValue = "open") String filter,
            @RequestParam(defaultValue = "0") int page, Authentication user, Model model) {
        String department = visible(code, user);
        model.addAttribute("department", department);
        model.addAttribute("filter", filter);
        model.addAttribute("load", oversight.load(department));
        int from = Math.max(page, 0);
        DeliveryOversight.Listed listed = oversight.deliveries(department, filter, from, PAGE_SIZE);
        model.addAttribute("page", new Page<>(listed.items(), listed.total(), from, PAGE_SIZE));
        return "console/department";
    }

    @PostMapping("/console/deliveries/{deliveryId}/receipt")
    String receipt(@PathVariable UUID deliveryId, @RequestParam DeliveryStatus status,
            @RequestParam(required = false) String signedBy, @RequestParam(required = false) String note,
            Authentication user, RedirectAttributes flash) {
        String department = Caller.department(user)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "only a department signs"));
        if (!department.equals(receipts.ownerOf(deliveryId))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no delivery " + deliveryId);
        }
        try {
            receipts.apply(deliveryId, new Receipt(status, blankToNull(signedBy), blankToNull(note)),
                    "console:" + user.getName());
            flash.addFlashAttribute("message", deliveryId + ": " + status);
        } catch (ReceiptException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/departments/" + department;
    }

    /** The department's code when the user may see it: any for operators and auditors, only its own for a department. */
    private String visible(String code, Authentication user) {
        String department = departments.find(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no department " + code)).code();
        String mine = Scope.departmentOf(user);
        if (mine != null && !mine.equals(department)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no department " + code);
        }
        return department;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
