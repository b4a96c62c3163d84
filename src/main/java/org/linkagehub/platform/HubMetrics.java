package org.linkagehub.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The events the hub counts, called from the code where they happen: a decision accepted, an input quarantined,
 * a receipt applied. Called inside a transaction, a meter moves only once it commits, so a rolled-back record is
 * never counted (and its retry counts once).
 */
@Component
public class HubMetrics {

    /** Receipt latency buckets: around the deadlines (1 working day to sign, 3 to start) and far beyond them. */
    private static final Duration[] RECEIPT_BUCKETS = {Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3),
            Duration.ofDays(5), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30)};

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A new decision (or a new version of one) was stored and routed: {@code linkage_decisions_total}. */
    public void decisionAccepted(String source, String type) {
        Counter counter = Counter.builder("linkage.decisions").description("Decisions accepted, by source and type")
                .tag("source", source).tag("type", type).register(registry);
        afterCommit(counter::increment);
    }

    /**
     * An input went to quarantine: {@code linkage_quarantined_total}, once per distinct rule among its reasons' rules
     * (a record failing two rules counts under both; a reason without a rule counts as {@code unknown}).
     */
    public void quarantined(String source, Collection<String> reasonRules) {
        Set<String> rules = new LinkedHashSet<>();
        reasonRules.forEach(r -> rules.add(r == null ? "unknown" : r));
        for (String rule : rules) {
            Counter counter = Counter.builder("linkage.quarantined")
                    .description("Quarantined inputs, by source and reason rule").tag("source", source)
                    .tag("rule", rule).register(registry);
            afterCommit(counter::increment);
        }
    }

    /**
     * A delivery reached a receipt status (SIGNED or SUPERVISION_STARTED; the caller passes no other) at {@code at}:
     * {@code linkage_receipt_latency_seconds}, the time since the delivery was created, as a histogram.
     */
    public void receipt(String department, String status, Instant createdAt, Instant at) {
        if (createdAt == null) {
            return;
        }
        Timer timer = Timer.builder("linkage.receipt.latency")
                .description("Time from a delivery's creation to its department's receipt, by department and status")
                .tag("department", department).tag("status", status)
                .serviceLevelObjectives(RECEIPT_BUCKETS).register(registry);
        Duration latency = Duration.between(createdAt, at);
        afterCommit(() -> timer.record(latency.isNegative() ? Duration.ZERO : latency));
    }

    private static void afterCommit(Runnable update) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    update.run();
                }
            });
        } else {
            update.run();
        }
    }
}
