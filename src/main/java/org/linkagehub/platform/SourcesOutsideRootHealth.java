package org.linkagehub.platform;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.stereotype.Component;

/**
 * Keeps the platforms' health out of {@code /actuator/health}: that answer means "the hub can work"
 * (database, broker, Camel), and a load balancer must not take the hub out because one platform is down.
 * Each source's health is in the {@code sources} group, {@code /actuator/health/sources}.
 */
@Component
class SourcesOutsideRootHealth implements HealthEndpointGroupsPostProcessor {

    /** The contributor that holds every source: the bean {@code platforms}, see {@code SourceHealth}. */
    static final String SOURCES = "platforms";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup primary = groups.getPrimary();
        HealthEndpointGroup withoutSources = new HealthEndpointGroup() {
            @Override
            public boolean isMember(String name) {
                // members are asked by path: "platforms/project-approval"
                return !SOURCES.equals(name) && !name.startsWith(SOURCES + "/") && primary.isMember(name);
            }

            @Override
            public boolean showComponents(SecurityContext securityContext) {
                return primary.showComponents(securityContext);
            }

            @Override
            public boolean showDetails(SecurityContext securityContext) {
                return primary.showDetails(securityContext);
            }

            @Override
            public StatusAggregator getStatusAggregator() {
                return primary.getStatusAggregator();
            }

            @Override
            public HttpCodeStatusMapper getHttpCodeStatusMapper() {
                return primary.getHttpCodeStatusMapper();
            }

            @Override
            public AdditionalHealthEndpointPath getAdditionalPath() {
                return primary.getAdditionalPath();
            }
        };
        return new HealthEndpointGroups() {
            @Override
            public HealthEndpointGroup getPrimary() {
                return withoutSources;
            }

            @Override
            public Set<String> getNames() {
                return groups.getNames();
            }

            @Override
            public HealthEndpointGroup get(String name) {
                return groups.get(name);
            }
        };
    }

}
