package org.linkagehub.ingest.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.delivery.Deliveries;
import org.linkagehub.ingest.DecisionsStored;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.platform.HubMetrics;
import org.linkagehub.raw.RawInput;
import org.linkagehub.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the chunk's new decisions, then their deliveries and outbox rows ({@link Deliveries}), each in one batch
 * and in record order, in the chunk's transaction; then tells the {@link DecisionsStored} followers, whose writes
 * commit with the decisions, and counts the chunk's records in the payload's tally. The decisions are counted in the
 * metrics ({@link HubMetrics}) and logged once the transaction commits.
 */
@Component
public class IntakeOutbox {

    private static final Logger log = LoggerFactory.getLogger(IntakeOutbox.class);

    private final Deliveries deliveries;
    private final HubMetrics metrics;
    private final List<DecisionsStored> followers;

    IntakeOutbox(Deliveries deliveries, HubMetrics metrics, List<DecisionsStored> followers) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.followers = followers;
    }

    public IntakeBatch write(IntakeBatch batch) {
        IntakeBatch.Chunk chunk = batch.current();
        RawInput input = batch.input();
        List<Deliveries.Routed> routed = new ArrayList<>();
        List<DecisionsStored.Stored> stored = new ArrayList<>();
        List<Runnable> logs = new ArrayList<>();
        for (int k = 0; k < chunk.size(); k++) {
            List<Route> routes = chunk.routes[k];
            if (routes == null) {
                continue;
            }
            Decision identified = chunk.identified[k];
            String payload = chunk.versions.add(chunk.index[k], identified, input.id(), !routes.isEmpty(),
                    batch.mappingRef(), chunk.now);
            routed.add(new Deliveries.Routed(identified, payload, List.copyOf(routes)));
            stored.add(new DecisionsStored.Stored(identified, List.copyOf(routes)));
            chunk.settle(k, IntakeOutcome.Status.ACCEPTED, Optional.of(UUID.fromString(identified.decisionId())),
                    List.of());
            // counted once committed (HubMetrics)
            metrics.decisionAccepted(input.source(), String.valueOf(identified.decisionType()));
            logs.add(() -> logAccepted(identified, input, routes));
        }
        chunk.versions.write();
        deliveries.deliver(routed, chunk.now);
        if (!stored.isEmpty()) {
            List<DecisionsStored.Stored> written = List.copyOf(stored);
            followers.forEach(f -> f.stored(written));
        }
        for (int k = 0; k < chunk.size(); k++) {
            batch.tally().add(chunk.status[k], chunk.decisionId[k], chunk.reasons[k]);
        }
        logAfterCommit(logs);
        return batch;
    }

    /**
     * Logged once the chunk's transaction commits: a chunk rolled back (with its group, or alone before it is written
     * record by record) is logged once, as it is kept.
     */
    private static void logAfterCommit(List<Runnable> logs) {
        if (logs.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            logs.forEach(Runnable::run);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                logs.forEach(Runnable::run);
            }
        });
    }

    private static void logAccepted(Decision identified, RawInput input, List<Route> routes) {
        // a new decision is routine (debug; at thousands a second a line each would cost more than the decision),
        // a later version is news
        if (identified.version() > 1 || log.isDebugEnabled()) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("decisionId", identified.decisionId())) {
                String message = "Decision {} v{} ({} {}) from {} routed to {} department(s){}";
                Object[] args = {identified.documentNumber(), identified.version(), identified.decisionType(),
                    identified.matter().code(), input.source(), routes.size(),
                    Boolean.TRUE.equals(identified.historical()) ? ", historical" : ""};
                if (identified.version() > 1) {
                    log.info(message, args);
                } else {
                    log.debug(message, args);
                }
            }
        }
    }
}
