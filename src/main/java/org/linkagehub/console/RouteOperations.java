package org.linkagehub.console;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.BeijingTime;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/** Every Camel route with its status and activity, and the operator's stop / start / suspend / resume, audited. */
@Service
class RouteOperations {

    static final Set<String> ACTIONS = Set.of("stop", "start", "suspend", "resume");

    private final CamelContext camel;
    private final RouteActivity activity;
    private final AuditLog audit;

    RouteOperations(CamelContext camel, RouteActivity activity, AuditLog audit) {
        this.camel = camel;
        this.activity = activity;
        this.audit = audit;
    }

    List<RouteRow> routes() {
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(this::row).toList();
    }

    /** Applies one action to a route and records it with the status before and after. */
    RouteRow act(String routeId, String action, String actor) {
        if (!ACTIONS.contains(action)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown action " + action);
        }
        if (camel.getRoute(routeId) == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no route " + routeId);
        }
        ServiceStatus before = status(routeId);
        try {
            var controller = camel.getRouteController();
            switch (action) {
                case "stop" -> controller.stopRoute(routeId);
                case "start" -> controller.startRoute(routeId);
                case "suspend" -> controller.suspendRoute(routeId);
                default -> controller.resumeRoute(routeId);
            }
        } catch (Exception e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, action + " " + routeId + " failed: " + e.getMessage(), e);
        }
        ServiceStatus after = status(routeId);
        audit.record(actor, "route." + action, "route/" + routeId, Map.of("status", String.valueOf(before)),
                Map.of("status", String.valueOf(after)));
        return row(camel.getRoute(routeId));
    }

    private ServiceStatus status(String routeId) {
        return camel.getRouteController().getRouteStatus(routeId);
    }

    private RouteRow row(Route route) {
        String id = route.getRouteId();
        RouteActivity.Snapshot s = activity.of(id);
        RouteActivity.Failure last = s.lastFailure();
        return new RouteRow(id, route.getDescription(), String.valueOf(status(id)), s.total(), s.failed(),
                camel.getInflightRepository().size(id), last == null ? null : BeijingTime.of(last.at()),
                last == null ? null : last.message());
    }

    /** One route as the console shows it; times in Beijing time. */
    record RouteRow(String id, String description, String status, long exchangesTotal, long exchangesFailed,
            int inflight, OffsetDateTime lastFailureAt, String lastFailure) {
    }
}
