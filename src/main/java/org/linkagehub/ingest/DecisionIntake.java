package org.linkagehub.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionStore;
import org.linkagehub.canonical.Excuses;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.delivery.DeliveryPlanner;
import org.linkagehub.delivery.OutboxDispatcher;
import org.linkagehub.departments.DepartmentRegistry;
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
 * Turns a stored raw payload into decisions: map, validate, recognise duplicates and versions, route, and
 * write decision, deliveries and outbox in one transaction per record — or quarantine the record with every
 * reason. The same code serves first intake and replay.
 */
@Component
public class DecisionIntake {

    private static final Logger log = LoggerFactory.getLogger(DecisionIntake.class);

    private final MappingCatalog mappings;
    private final MappingEngine engine;
    private final DecisionStore decisions;
    private final RoutingTable routing;
    private final DeliveryPlanner deliveries;
    private final QuarantineStore quarantine;
    private final RawInputStore raw;
    private final OutboxDispatcher outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DepartmentRegistry departments;
    private final Excuses excuses;
    private final IntakeProperties properties;
    private final HubMetrics metrics;
    private final List<DecisionsStored> followers;

    public DecisionIntake(MappingCatalog mappings, MappingEngine engine, DecisionStore decisions, RoutingTable routing,
            DeliveryPlanner deliveries, QuarantineStore quarantine, RawInputStore raw, OutboxDispatcher outbox,
            TransactionTemplate transaction, Clock clock, DepartmentRegistry departments, Excuses excuses,
            IntakeProperties properties, HubMetrics metrics, List<DecisionsStored> followers) {
        this.followers = followers;
        this.mappings = mappings;
        this.engine = engine;
        this.decisions = decisions;
        this.routing = routing;
        this.deliveries = deliveries;
        this.quarantine = quarantine;
        this.raw = raw;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
        this.departments = departments;
        this.excuses = excuses;
        this.properties = properties;
        this.metrics = metrics;
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
        if (tally.seen.contains(IntakeOutcome.Status.ACCEPTED)) {
            outbox.wakeUp();
        }
        return new IntakeOutcome(tally.overall(), input.id(), List.copyOf(tally.ids), List.copyOf(tally.reasons), ref);
    }

    private void markOverall(RawInput input, Tally tally) {
        raw.markOutcome(input.id(), tally.overall().name(), tally.ids.size() == 1 ? tally.ids.get(0) : null);
    }

    /**
     * Accepts the records of one chunk inside the caller's transaction: their lineages locked, their duplicates,
     * lineages and the departments of those lineages looked up in one statement each, their decisions, deliveries and outbox rows written in
     * batches. A record related to an earlier record of the same chunk (a version of it) is looked up only after
     * the earlier one is written, so the lookups see it.
     */
    private void acceptChunk(RawInput input, MappingRef mapping, List<MappingResult> part, Tally tally) {
        List<Decision> candidates = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
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
                hashes.add(decisions.factHash(decision));
            }
        }
        decisions.lock(candidates);
        Map<String, UUID> stored = decisions.sameFacts(candidates, hashes);
        Map<Integer, DecisionStore.Lineage> lineages = decisions.lineages(candidates);
        Chunk chunk = new Chunk(mapping, decisions.lineageDepartments(lineages.values().stream()
                .map(DecisionStore.Lineage::id).collect(Collectors.toSet())));
        Instant now = clock.instant();
        for (MappingResult result : part) {
            String ref = result.recordId() != null ? result.recordId() : input.sourceRef();
            if (result.skipped() != null) {
                tally.add(new RecordOutcome(IntakeOutcome.Status.SKIPPED, Optional.empty(), List.of()));
            } else if (!result.valid()) {
                tally.add(quarantined(input, mapping, ref, result.reasons()));
            } else {
                int i = index.get(result);
                tally.add(accept(input, ref, candidates.get(i), hashes.get(i), stored, lineages.get(i), chunk, now));
            }
        }
        chunk.flush();
    }

    private RecordOutcome accept(RawInput input, String ref, Decision decision, String factHash,
            Map<String, UUID> stored, DecisionStore.Lineage lineage, Chunk chunk, Instant now) {
        String factKey = DecisionStore.factKey(decision.documentNumber(), factHash);
        UUID same = chunk.facts.containsKey(factKey) ? chunk.facts.get(factKey) : stored.get(factKey);
        if (same != null) {
            return new RecordOutcome(IntakeOutcome.Status.DUPLICATE, Optional.of(same), List.of());
        }
        List<Route> routes = decision.decisionType().supervised()
                ? new ArrayList<>(routing.route(decision.matter().code(), decision.decisionDate())) : new ArrayList<>();
        if (decision.decisionType().supervised() && routes.isEmpty()) {
            return quarantined(input, chunk.mapping, ref, List.of(routing.noRoute(decision.matter().code())));
        }
        if (chunk.relatesTo(decision)) {
            chunk.flush();
            lineage = decisions.lineages(List.of(decision)).get(0);
        }
        Decision identified = DecisionStore.identify(decision, lineage);
        if (identified.version() > 1 && identified.decisionType().supervised()) {
            addEarlierDepartments(identified, routes, chunk.earlierDepartments(UUID.fromString(identified.lineageId())));
        }
        String payload = decisions.payload(identified);
        chunk.add(identified, decisions.row(identified, payload, factHash, input.id(), !routes.isEmpty(),
                chunk.mapping, now), factKey);
        deliveries.plan(identified, payload, routes, now, chunk.deliveries);
        chunk.stored.add(new DecisionsStored.Stored(identified, List.copyOf(routes)));
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

    /** Decisions of one chunk not yet written, and what the chunk has accepted so far. */
    private final class Chunk {
        /** The mapping that made the chunk's records: each decision and quarantine entry names it. */
        final MappingRef mapping;
        /** The departments of the lineages the chunk's first lookup found, as they were before the chunk. */
        final Map<UUID, List<String[]>> departmentsBefore;
        final Set<UUID> lineages = new HashSet<>();
        final List<Object[]> rows = new ArrayList<>();
        final DeliveryPlanner.Batch deliveries = new DeliveryPlanner.Batch();
        final Map<String, UUID> facts = new HashMap<>();
        final Set<String> numbers = new HashSet<>();
        final Set<String> superseded = new HashSet<>();
        final Set<String> records = new HashSet<>();
        /** Decisions written by this chunk, for the {@link DecisionsStored} followers once they are in the table. */
        final List<DecisionsStored.Stored> stored = new ArrayList<>();

        Chunk(MappingRef mapping, Map<UUID, List<String[]>> departmentsBefore) {
            this.mapping = mapping;
            this.departmentsBefore = departmentsBefore;
        }

        void add(Decision d, Object[] row, String factKey) {
            rows.add(row);
            lineages.add(UUID.fromString(d.lineageId()));
            facts.put(factKey, UUID.fromString(d.decisionId()));
            numbers.add(d.documentNumber());
            if (d.supersedes() != null) {
                superseded.add(d.supersedes());
            }
            records.add(recordKey(d));
        }

        /** Whether the lineage lookup of {@code d} could find a decision of this chunk (the same conditions). */
        boolean relatesTo(Decision d) {
            return numbers.contains(d.documentNumber()) || numbers.contains(DecisionStore.lockKey(d))
                    || superseded.contains(d.documentNumber()) || records.contains(recordKey(d));
        }

        /**
         * The departments that had earlier versions of a lineage: from the chunk's first lookup, unless this chunk
         * has itself added a version to the lineage (or found the lineage only later); then written and asked for.
         */
        List<String[]> earlierDepartments(UUID lineageId) {
            if (!lineages.contains(lineageId) && departmentsBefore.containsKey(lineageId)) {
                return departmentsBefore.get(lineageId);
            }
            flush();
            return decisions.lineageDepartments(List.of(lineageId)).get(lineageId);
        }

        void flush() {
            decisions.insertAll(rows);
            rows.clear();
            DecisionIntake.this.deliveries.write(deliveries);
            if (!stored.isEmpty()) {
                List<DecisionsStored.Stored> written = List.copyOf(stored);
                stored.clear();
                followers.forEach(f -> f.stored(written));
            }
        }

        private static String recordKey(Decision d) {
            return d.source().system() + "\u0000" + d.source().recordId();
        }
    }

    /**
     * A later version goes to every department that had an earlier one, even if the table has moved the matter
     * since: a department supervising a licence must hear of its revocation.
     */
    private void addEarlierDepartments(Decision identified, List<Route> routes, List<String[]> earlierDepartments) {
        for (String[] earlier : earlierDepartments) {
            boolean present = routes.stream().anyMatch(r -> r.department().code().equals(earlier[0]));
            if (!present) {
                departments.find(earlier[0]).ifPresent(d -> routes.add(new Route(d, Route.Role.valueOf(earlier[1]),
                        "lineage " + identified.lineageId() + " (an earlier version went here)", routing.version())));
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
