package org.linkagehub.ingest;

import java.util.Iterator;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The platforms' health as operators see it: one member per source of {@link SourceMonitor}, under the name
 * {@code platforms} in the health group {@code sources} ({@code /actuator/health/sources}; application.yaml). The
 * bean's name is that health name, so it is this small class's alone and the monitor keeps a name of its own.
 */
@Component("platforms")
class SourceHealth implements CompositeHealthContributor {

    private final SourceMonitor monitor;

    SourceHealth(SourceMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return monitor.contributors().get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return monitor.contributors().entrySet().stream()
                .map(e -> NamedContributor.of(e.getKey(), e.getValue()))
                .iterator();
    }
}
