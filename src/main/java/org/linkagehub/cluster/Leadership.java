package org.linkagehub.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this hub leads now and since when, told by the cluster views as leadership comes and goes; each change counts
 * in {@code linkage_leadership_changes_total} (tags: the namespace, and {@code change} granted or revoked), so an
 * alert can catch leadership that flaps between hubs.
 */
public class Leadership {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final ConcurrentMap<String, Instant> since = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;
    private final String nodeId;

    public Leadership(MeterRegistry registry, Clock clock, String nodeId) {
        this.registry = registry;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** The namespaces this hub leads now, by name, with the instant it took each. */
    public Map<String, Instant> leads() {
        return new TreeMap<>(since);
    }

    /** Whether this hub leads the namespace now. */
    public boolean leads(String namespace) {
        return since.containsKey(namespace);
    }

    void granted(String namespace) {
        since.put(namespace, clock.instant());
        count(namespace, "granted");
        log.info("Hub {} now leads {}", nodeId, namespace);
    }

    void revoked(String namespace) {
        if (since.remove(namespace) != null) {
            count(namespace, "revoked");
            log.info("Hub {} no longer leads {}", nodeId, namespace);
        }
    }

    private void count(String namespace, String change) {
        Counter.builder("linkage.leadership.changes")
                .description("Leadership taken or lost by this hub, by namespace (a master: route's election)")
                .tag("namespace", namespace).tag("change", change).register(registry).increment();
    }
}
