package org.linkagehub.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterEndpoint;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code leadership}, for operators and auditors: this hub's node id and, for each namespace it
 * leads, since when and the route ids that run because of it. UP whether this hub leads anything or not: a standby
 * hub is healthy, and no load balancer should drop it for that.
 */
@Component
class LeadershipHealthIndicator implements HealthIndicator {

    private final ThisHub hub;
    private final Leadership leadership;
    private final CamelContext camel;

    LeadershipHealthIndicator(ThisHub hub, Leadership leadership, CamelContext camel) {
        this.hub = hub;
        this.leadership = leadership;
        this.camel = camel;
    }

    @Override
    public Health health() {
        Map<String, Instant> leads = leadership.leads();
        Map<String, Object> namespaces = new LinkedHashMap<>();
        List<String> routes = new ArrayList<>();
        leads.forEach((namespace, since) -> {
            List<String> ids = routesOf(namespace);
            routes.addAll(ids);
            namespaces.put(namespace, Map.of("since", since.toString(), "routes", ids));
        });
        return Health.up().withDetail("nodeId", hub.nodeId()).withDetail("baseUrl", hub.baseUrl())
                .withDetail("leading", !leads.isEmpty()).withDetail("routes", routes)
                .withDetail("namespaces", namespaces).build();
    }

    private List<String> routesOf(String namespace) {
        List<String> ids = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof MasterEndpoint master && namespace.equals(master.getNamespace())) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }
}
