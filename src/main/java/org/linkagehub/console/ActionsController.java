package org.linkagehub.console;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.delivery.DeadLetters;
import org.linkagehub.delivery.ParkedPushes;
import org.linkagehub.delivery.Rerouting;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.ingest.MappingReloader;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.routing.RoutingReloader;
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
 * {@code /console/actions}: the dead-letter queues with the operator's retry, the deliveries departments returned
 * with the operator's re-route ({@link Rerouting}), the HTTP push messages parked after their last attempt with
 * the operator's retry ({@link ParkedPushes}), the mappings and routing table in force with the operator's reload
 * after an IT team's fix, and the audit log of every operator action. The actions go through the same services as
 * the API, so they are refused and audited the same way.
 */
@Controller
class ActionsController {

    private static final String PAGE = "redirect:/console/actions";
    /**
     * Returned deliveries and parked messages shown, oldest first, and the latest audited actions; the page stays
     * light whatever piles up.
     */
    private static final int LISTED = 50;

    private final DeadLetters deadLetters;
    private final Rerouting rerouting;
    private final ParkedPushes parked;
    private final DepartmentRegistry departments;
    private final MappingCatalog mappings;
    private final MappingReloader mappingReloader;
    private final RoutingReloader routingReloader;
    private final AuditLog audit;

    ActionsController(DeadLetters deadLetters, Rerouting rerouting, ParkedPushes parked,
            DepartmentRegistry departments, MappingCatalog mappings, MappingReloader mappingReloader,
            RoutingReloader routingReloader, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.rerouting = rerouting;
        this.parked = parked;
        this.departments = departments;
        this.mappings = mappings;
        this.mappingReloader = mappingReloader;
        this.routingReloader = routingReloader;
        this.audit = audit;
    }

    @GetMapping("/console/actions")
    String actions(Model model) {
        try {
            model.addAttribute("deadLetters", deadLetters.queues());
        } catch (IllegalStateException e) {
            model.addAttribute("deadLettersError", e.getMessage());
        }
        model.addAttribute("returned", rerouting.returned(LISTED));
        model.addAttribute("returnedTotal", rerouting.returnedCount());
        model.addAttribute("departments", departments.all());
        model.addAttribute("parked", parked.parked(null, LISTED));
        Map<String, Long> parkedByDepartment = parked.countByDepartment();
        model.addAttribute("parkedByDepartment", parkedByDepartment);
        model.addAttribute("parkedTotal", parkedByDepartment.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("mappings", mappings.loaded());
        model.addAttribute("routing", routingReloader.versions());
        model.addAttribute("audit", audit.latest(LISTED));
        return "console/actions";
    }

    @PostMapping("/console/dead-letters/retry")
    String retry(Authentication user, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("message", "moved " + deadLetters.retryAll(user.getName()));
        } catch (IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return PAGE;
    }

    @PostMapping("/console/deliveries/{deliveryId}/reroute")
    String reroute(@PathVariable UUID deliveryId, @RequestParam(required = false) String department,
            @RequestParam(required = false) String reason, Authentication user, RedirectAttributes flash) {
        try {
            UUID created = rerouting.reroute(deliveryId, department, reason, user.getName());
            flash.addFlashAttribute("rerouted", new Rerouted(deliveryId, department, created));
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("error", deliveryId + ": " + e.getReason());
        }
        return PAGE + "#reroute";
    }

    @PostMapping("/console/push/parked/{id}/retry")
    String retryParked(@PathVariable long id, Authentication user, RedirectAttributes flash) {
        return retried(() -> parked.retry(id, user.getName()), flash);
    }

    @PostMapping("/console/push/parked/retry")
    String retryParkedOf(@RequestParam String department, Authentication user, RedirectAttributes flash) {
        return retried(() -> parked.retryDepartment(department, user.getName()), flash);
    }

    @PostMapping("/console/mappings/reload")
    String reloadMappings(Authentication user, RedirectAttributes flash) {
        return reloaded(() -> mappingReloader.reload(user.getName()), "mappings", flash);
    }

    @PostMapping("/console/routing/reload")
    String reloadRouting(Authentication user, RedirectAttributes flash) {
        return reloaded(() -> routingReloader.reload(user.getName()), "routing", flash);
    }

    /** A broken file is refused with its file and line, shown on the page; what was in force stays. */
    private static String reloaded(Supplier<?> reload, String what, RedirectAttributes flash) {
        try {
            reload.get();
            flash.addFlashAttribute("reloaded", what);
        } catch (ConfigFileException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return PAGE + "#configuration";
    }

    private static String retried(Supplier<List<Long>> retry, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("pushRetried", retry.get());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("error", e.getReason());
        }
        return PAGE + "#parked";
    }

    /** What the page says after a re-route: which returned delivery went to which department as which new one. */
    record Rerouted(UUID from, String department, UUID created) {
    }
}
