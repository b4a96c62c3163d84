package org.linkagehub.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.linkagehub.platform.BeijingTime;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Each platform's last success, last error and whether it is configured at all, shown as the health group
 * {@code sources} ({@code /actuator/health/sources}), apart from the hub's own health.
 */
@Component("platforms")
public class SourceMonitor implements CompositeHealthContributor {

    /** A source that cannot run until a property is set. */
    public static final Status DISABLED = new Status("DISABLED");

    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, HealthContributor> contributors = new LinkedHashMap<>();

    public SourceMonitor(Clock clock, ProjectApprovalProperties projectApproval) {
        this.clock = clock;
        register(ProjectApprovalWebhook.SOURCE,
                projectApproval.enabled() ? null : "linkage.sources.project-approval.secret is not set");
    }

    /** Adds a source; {@code disabledBecause} names the missing property, or is null when it can run. */
    public final void register(String source, String disabledBecause) {
        states.put(source, new State(disabledBecause));
        contributors.put(source, (HealthIndicator) () -> health(source));
    }

    public void success(String source) {
        State s = states.get(source);
        if (s != null) {
            s.lastSuccess = clock.instant();
        }
    }

    public void failure(String source, String error) {
        State s = states.get(source);
        if (s != null) {
            s.lastError = error;
            s.lastErrorAt = clock.instant();
        }
    }

    private Health health(String source) {
        State s = states.get(source);
        if (s.disabledBecause != null) {
            return Health.status(DISABLED).withDetail("reason", s.disabledBecause).build();
        }
        Health.Builder builder = s.lastErrorAt != null && (s.lastSuccess == null || s.lastErrorAt.isAfter(s.lastSuccess))
                ? Health.down() : Health.up();
        if (s.lastSuccess != null) {
            builder.withDetail("lastSuccess", BeijingTime.of(s.lastSuccess).toString());
        }
        if (s.lastErrorAt != null) {
            builder.withDetail("lastError", s.lastError).withDetail("lastErrorAt", BeijingTime.of(s.lastErrorAt).toString());
        }
        return builder.build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return contributors.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return contributors.entrySet().stream()
                .map(e -> NamedContributor.of(e.getKey(), e.getValue()))
                .iterator();
    }

    private static final class State {
        final String disabledBecause;
        volatile Instant lastSuccess;
        volatile Instant lastErrorAt;
        volatile String lastError;

        State(String disabledBecause) {
            this.disabledBecause = disabledBecause;
        }
    }
}
