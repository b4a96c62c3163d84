package org.linkagehub.retention;

import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code retention}, for operators and auditors: each kind's period ("for ever" when none is set),
 * the archive folder and what the last run since start-up archived and pruned. Always UP: a failed run keeps every
 * row and says why in {@code lastRun.error}; it is no reason to stop taking input. In no health group.
 */
@Component
class RetentionHealthIndicator implements HealthIndicator {

    private final RetentionJob job;

    RetentionHealthIndicator(RetentionJob job) {
        this.job = job;
    }

    @Override
    public Health health() {
        RetentionProperties properties = job.properties();
        Map<String, String> periods = new LinkedHashMap<>();
        for (RecordKind kind : RecordKind.values()) {
            Period period = properties.period(kind);
            periods.put(kind.label(), period == null ? "for ever" : period.toString());
        }
        Health.Builder health = Health.up().withDetail("periods", periods)
                .withDetail("archiveDir", properties.archiveDir().toString());
        job.last().ifPresent(run -> {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("run", run.run());
            last.put("finishedAt", run.finishedAt().toString());
            run.archived().forEach((k, n) -> last.put(k.label() + ".archived", n));
            run.pruned().forEach((k, n) -> last.put(k.label() + ".pruned", n));
            if (run.error() != null) {
                last.put("error", run.error());
            }
            health.withDetail("lastRun", last);
        });
        return health.build();
    }
}
