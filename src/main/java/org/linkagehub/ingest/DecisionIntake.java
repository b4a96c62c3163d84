package org.linkagehub.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionVersions;
import org.linkagehub.canonical.Excuses;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.delivery.Deliveries;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.HubMetrics;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.linkagehub.routing.Route;
import org.linkagehub.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a stored raw payload into decisions: map, validate, recognise duplicates and versions
 * ({@link DecisionVersions}), route ({@link RoutingTable}), and write decisions, deliveries and outbox
 * ({@link Deliveries}) in one transaction per chunk of records — or quarantine a record with every reason. It only
 * orchestrates: each step is its feature's. The same code serves first intake and replay.
 */
@Component
public class DecisionIntake {

    private static final Logger log = LoggerFactory.getLogger(DecisionIntake.class);

    private final MappingCatalog mappings;
    private final MappingEngine engine;
    private final DecisionVersions versions;
    private final RoutingTable routing;
    private final Deliveries deliveries;
    private final QuarantineStore quarantine;
    private final RawInputStore raw;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Excuses excuses;
    private final IntakeProperties properties;
    private final HubMetrics metrics;
    private final List<DecisionsStored> followers;

    public DecisionIntake(MappingCatalog mappings, MappingEngine engine, DecisionVersions versions,
            RoutingTable routing, Deliveries deliveries, QuarantineStore quarantine, RawInputStore raw,
            TransactionTemplate transaction, Clock clock, Excuses excuses, IntakeProperties properties,
            HubMetrics metrics, List<DecisionsStored> followers) {
        this.mappings = mappings;
        this.engine = engine;
        this.versions = versions;
        this.routing = routing;
        this.deliveries = deliveries;
        this.quarantine = quarantine;
        this.raw = raw;
        this.transaction = transaction;
        this.clock = clock;
        this.excuses = excuses;
        this.properties = properties;
        this.metrics = metrics;
        this.followers = followers;
    }

    /**
     * Processes a payload stored by {@link RawInputStore}, with the mapping named by its source. The records of a
     * many-record payload are written in chunks, one transaction each; a chunk that fails is retried record by
     * record, so one record's trouble costs only itself. Every decision and quarantine entry it makes names the
     * mapping in force when the payload was read ({@link MappingRef}), also when a reload happens meanwhile.
     */
    public IntakeOutcome process(RawInput input) {
        MappingCatalog.InForce inForce = mappings.inForce(input.source());
        SourceMapping mapping = inForce.mapping();
        MappingRef ref = inForce.ref();
        List<JsonNode> records;
        try {
            records = engine.records(mapping, input.body());
        } catch (MalformedPayloadException e) {
            transaction.executeWithoutResult(tx -> {
                quarantine.quarantine(input.id(), input.source(), input.sourceRef(), List.of(e.reason()), ref);
                raw.markOutcome(input.id(), IntakeOutcome.Status.MALFORMED.name(), null);
            });
            log.info("Raw input {} from {} quarantined: {}", input.id(), input.source(), e.getMessage());
            return new IntakeOutcome(IntakeOutcome.Status.MALFORMED, input.id(), List.of(), List.of(e.reason()), ref);
        }
        var receivedAt = BeijingTime.of(input.receivedAt());
        List<MappingResult> results = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            results.add(engine.map(mapping, record, receivedAt, excuses));
        }
        Tally tally = new Tally();
        int chunk = properties.chunkSize();
        for (int from = 0; from < results.size(); from += chunk) {
            List<MappingResult> part = results.subList(from, Math.min(from + chunk, results.size()));
            boolean last = from + chunk >= results.size();
            try {
                transaction.executeWithoutResult(tx -> {
                    Tally partial = tally.copy();
                    acceptChunk(input, ref, part, partial);
                    if (last) {
                        markOverall(input, partial);
                    }
                    tally.set(partial);
                });
            } catch (RuntimeException e) {
                if (part.size() == 1) {
                    throw e;
                }
                log.warn("A chunk of {} records of raw input {} failed ({}); retrying them one by one", part.size(),
                        input.id(), e.toString());
                for (MappingResult result : part) {
                    transaction.executeWithoutResult(tx -> acceptChunk(input, ref, List.of(result), tally));
                }
                if (last) {
                    transaction.executeWithoutResult(tx -> markOverall(input, tally));
                }
            }
        }
        if (results.isEmpty()) {
            transaction.executeWithoutResult(tx -> markOverall(input, tally));
        }
        return new IntakeOutcome(tally.overall(), input.id(), List.copyOf(tally.ids), List.copyOf(tally.reasons), ref);
    }

    private void markOverall(RawInput input, Tally tally) {
        raw.markOutcome(input.id(), tally.overall().name(), tally.ids.size() == 1 ? tally.ids.get(0) : null);
    }

    /**
     * Accepts the records of one chunk inside the caller's transaction: their lineages locked, their duplicates,
     * lineages and the departments of those lineages looked up in one statement each ({@link DecisionVersions}),
     * their decisions, deliveries and outbox rows written in batches.
     */
    private void acceptChunk(RawInput input, MappingRef mapping, List<MappingResult> part, Tally tally) {
        List<Decision> candidates = new ArrayList<>();
        // by identity: a record's hashCode would hash the whole decision, twice per record
        Map<MappingResult, Integer> index = new IdentityHashMap<>();
        for (MappingResult result : part) {
            if (result.valid()) {
                Decision decision = result.decision();
                if (properties.historical(decision.decisionDate())) {
                    decision = decision.asHistorical();
                }
                index.put(result, candidates.size());
                candidates.add(decision);
            }
        }
        Chunk chunk = new Chunk(mapping, versions.lookUp(candidates));
        Instant now = clock.instant();
        for (MappingResult result : part) {
            String ref = result.recordId() != null ? result.recordId() : input.sourceRef();
            if (result.skipped() != null) {
                tally.add(new RecordOutcome(IntakeOutcome.Status.SKIPPED, Optional.empty(), List.of()));
            } else if (!result.valid()) {
                tally.add(quarantined(input, mapping, ref, result.reasons()));
            } else {
                int i = index.get(result);
                tally.add(accept(input, ref, i, candidates.get(i), chunk, now));
            }
        }
        chunk.flush(now);
    }

    private RecordOutcome accept(RawInput input, String ref, int i, Decision decision, Chunk chunk, Instant now) {
        Optional<UUID> same = chunk.versions.duplicateOf(i);
        if (same.isPresent()) {
            return new RecordOutcome(IntakeOutcome.Status.DUPLICATE, same, List.of());
        }
        List<Route> routes = decision.decisionType().supervised()
                ? new ArrayList<>(routing.route(decision.matter().code(), decision.decisionDate())) : new ArrayList<>();
        if (decision.decisionType().supervised() && routes.isEmpty()) {
            return quarantined(input, chunk.mapping, ref, List.of(routing.noRoute(decision.matter().code())));
        }
        Decision identified = chunk.versions.identify(i, () -> chunk.flush(now));
        if (identified.version() > 1 && identified.decisionType().supervised()) {
            routing.addEarlierDepartments(identified.lineageId(), routes, chunk.versions.earlierDepartments(
                    UUID.fromString(identified.lineageId()), () -> chunk.flush(now)));
        }
        String payload = chunk.versions.add(i, identified, input.id(), !routes.isEmpty(), chunk.mapping, now);
        chunk.add(identified, payload, routes);
        UUID id = UUID.fromString(identified.decisionId());
        metrics.decisionAccepted(input.source(), String.valueOf(identified.decisionType()));
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
        return new RecordOutcome(IntakeOutcome.Status.ACCEPTED, Optional.of(id), List.of());
    }

    /** The decisions of one chunk accepted and not yet written. */
    private final class Chunk {
        /** The mapping that made the chunk's records: each decision and quarantine entry names it. */
        final MappingRef mapping;
        /** The chunk's duplicates and lineages, and its decision rows. */
        final DecisionVersions.Chunk versions;
        final List<Deliveries.Routed> routed = new ArrayList<>();
        /** Decisions written by this chunk, for the {@link DecisionsStored} followers once they are in the table. */
        final List<DecisionsStored.Stored> stored = new ArrayList<>();

        Chunk(MappingRef mapping, DecisionVersions.Chunk versions) {
            this.mapping = mapping;
            this.versions = versions;
        }

        void add(Decision identified, String payload, List<Route> routes) {
            routed.add(new Deliveries.Routed(identified, payload, List.copyOf(routes)));
            stored.add(new DecisionsStored.Stored(identified, List.copyOf(routes)));
        }

        /** Writes the decisions added since the last flush, then their deliveries, then tells the followers. */
        void flush(Instant now) {
            versions.write();
            deliveries.deliver(List.copyOf(routed), now);
            routed.clear();
            if (!stored.isEmpty()) {
                List<DecisionsStored.Stored> written = List.copyOf(stored);
                stored.clear();
                followers.forEach(f -> f.stored(written));
            }
        }
    }

    private RecordOutcome quarantined(RawInput input, MappingRef mapping, String ref, List<Reason> reasons) {
        quarantine.quarantine(input.id(), input.source(), ref, reasons, mapping);
        log.info("Record {} of raw input {} from {} quarantined: {}", ref, input.id(), input.source(),
                reasons.stream().map(Reason::rule).toList());
        return new RecordOutcome(IntakeOutcome.Status.QUARANTINED, Optional.empty(), reasons);
    }

    /** What the records of one payload came to, so far. */
    private static final class Tally {
        final Set<IntakeOutcome.Status> seen = EnumSet.noneOf(IntakeOutcome.Status.class);
        final List<UUID> ids = new ArrayList<>();
        final List<Reason> reasons = new ArrayList<>();

        void add(RecordOutcome outcome) {
            seen.add(outcome.status());
            outcome.decisionId().ifPresent(ids::add);
            reasons.addAll(outcome.reasons());
        }

        Tally copy() {
            Tally t = new Tally();
            t.set(this);
            return t;
        }

        void set(Tally other) {
            if (other == this) {
                return;
            }
            seen.clear();
            seen.addAll(other.seen);
            ids.clear();
            ids.addAll(other.ids);
            reasons.clear();
            reasons.addAll(other.reasons);
        }

        IntakeOutcome.Status overall() {
            for (IntakeOutcome.Status s : List.of(IntakeOutcome.Status.ACCEPTED, IntakeOutcome.Status.QUARANTINED,
                    IntakeOutcome.Status.DUPLICATE)) {
                if (seen.contains(s)) {
                    return s;
                }
            }
            return IntakeOutcome.Status.SKIPPED;
        }
    }

    private record RecordOutcome(IntakeOutcome.Status status, Optional<UUID> decisionId, List<Reason> reasons) {
    }
}
