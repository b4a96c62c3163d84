package org.linkagehub.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PatternHelper;
import org.springframework.stereotype.Component;

/**
 * Marks each route that {@code camel.main.auto-startup-exclude-pattern} kept stopped as not auto-starting, once Camel
 * has started: Camel's route health check reads a stopped route that should have started as DOWN, and one that is
 * not meant to start as UP. Route files carry no {@code autoStartup} placeholders (the Camel YAML DSL schema wants a
 * boolean there), so this is where a switched-off source's route (an SFTP folder without a host, a demo) says so.
 */
@Component
class ExcludedRoutes implements CamelContextConfiguration {

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // the routes are not loaded yet
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        String pattern = camel.getAutoStartupExcludePattern();
        if (pattern == null || pattern.isBlank()) {
            return;
        }
        String[] patterns = pattern.split(",");
        for (Route route : camel.getRoutes()) {
            if (PatternHelper.matchPatterns(route.getRouteId(), patterns)
                    || PatternHelper.matchPatterns(route.getEndpoint().getEndpointUri(), patterns)) {
                route.setAutoStartup(false);
            }
        }
    }
}
