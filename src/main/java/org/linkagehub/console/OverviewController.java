package org.linkagehub.console;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.linkagehub.cluster.HubNodeQueries;
import org.linkagehub.cluster.HubNodeStatus;
import org.linkagehub.delivery.DeliveryOversight;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.ingest.SourceMonitor;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.quarantine.QuarantineService;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console}: is every route running, is every platform answering, are the broker and the database up,
 * how much waits in quarantine and how much is overdue, and which hubs are up and what each leads. A department user
 * lands on its own deliveries instead, the approval bureau on its cases inbox.
 */
@Controller
class OverviewController {

    private final RouteOperations routes;
    private final ThroughputChart chart;
    private final SourceMonitor sources;
    private final HealthEndpoint health;
    private final QuarantineService quarantine;
    private final DeliveryOversight oversight;
    private final DepartmentRegistry departments;
    private final HubNodeQueries hubs;

    OverviewController(RouteOperations routes, ThroughputChart chart, SourceMonitor sources, HealthEndpoint health,
            QuarantineService quarantine, DeliveryOversight oversight, DepartmentRegistry departments,
            HubNodeQueries hubs) {
        this.departments = departments;
        this.hubs = hubs;
        this.routes = routes;
        this.chart = chart;
        this.sources = sources;
        this.health = health;
        this.quarantine = quarantine;
        this.oversight = oversight;
    }

    @GetMapping("/console")
    String overview(Authentication user, Model model) {
        CaseDesk.Viewer viewer = CaseDesk.Viewer.of(user, departments);
        if (viewer.bureau()) {
            return "redirect:/console/cases";
        }
        if (viewer.department() != null) {
            return "redirect:/console/departments/" + viewer.department();
        }
        model.addAttribute("routes", routes.routes());
        model.addAttribute("chart", chart.lastHour());
        model.addAttribute("sources", sources.sources().stream().map(sources::status).flatMap(Optional::stream)
                .map(SourceRow::of).toList());
        Map<String, String> components = new LinkedHashMap<>();
        components.put("database", status("db"));
        components.put("broker", status("jms"));
        components.put("camel", status("camelHealth"));
        model.addAttribute("health", components);
        model.addAttribute("openQuarantine", quarantine.list("OPEN", null, 0, 1).get("total"));
        model.addAttribute("overdue", oversight.overdueCount());
        model.addAttribute("hubs", hubs.up().stream().map(HubRow::of).toList());
        return "console/overview";
    }

    @PostMapping("/console/routes/{routeId}/{action}")
    String act(@PathVariable String routeId, @PathVariable String action, Authentication user,
            RedirectAttributes flash) {
        try {
            RouteOperations.RouteRow row = routes.act(routeId, action, user.getName());
            flash.addFlashAttribute("message", routeId + ": " + row.status());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("error", e.getReason());
        }
        return "redirect:/console";
    }

    private String status(String path) {
        HealthComponent component = health.healthForPath(path);
        return component == null ? "UNKNOWN" : component.getStatus().getCode();
    }

    /** A hub that is up, as the overview shows it: what it leads, each with the time it took it (Beijing time). */
    record HubRow(String nodeId, String baseUrl, boolean self, OffsetDateTime startedAt, OffsetDateTime heartbeatAt,
            List<Lead> leads) {

        static HubRow of(HubNodeStatus hub) {
            return new HubRow(hub.nodeId(), hub.baseUrl(), hub.self(), BeijingTime.of(hub.startedAt()),
                    BeijingTime.of(hub.heartbeatAt()), hub.leads().entrySet().stream()
                            .map(e -> new Lead(e.getKey(), BeijingTime.of(e.getValue()))).toList());
        }
    }

    /** A namespace (a master: route's election) a hub leads, since when. */
    record Lead(String namespace, OffsetDateTime since) {
    }

    /** A platform as the overview shows it; lag in seconds since its last success. */
    record SourceRow(String source, String status, String disabledBecause, OffsetDateTime lastSuccess,
            Long lagSeconds, OffsetDateTime lastErrorAt, String lastError, long records) {

        static SourceRow of(SourceMonitor.SourceStatus s) {
            return new SourceRow(s.source(), s.status(), s.disabledBecause(), BeijingTime.of(s.lastSuccess()),
                    s.sinceLastSuccess() == null ? null : s.sinceLastSuccess().toSeconds(),
                    BeijingTime.of(s.lastErrorAt()), s.lastError(), s.records());
        }
    }
}
