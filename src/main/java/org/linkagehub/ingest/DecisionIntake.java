package org.linkagehub.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionStore;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.delivery.DeliveryPlanner;
import org.linkagehub.delivery.OutboxDispatcher;
import org.linkagehub.metrics.HubMetrics;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.quarantine.QuarantineStore;
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
    private final HubMetrics metrics;

    public DecisionIntake(MappingCatalog mappings, MappingEngine engine, DecisionStore decisions, RoutingTable routing,
            DeliveryPlanner deliveries, QuarantineStore quarantine, RawInputStore raw, OutboxDispatcher outbox,
            TransactionTemplate transaction, Clock clock, HubMetrics metrics) {
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
        this.metrics = metrics;
    }

    /** Processes a payload stored by {@link RawInputStore}, with the mapping named by its source. */
    public IntakeOutcome process(RawInput input) {
        var mapping = mappings.get(input.source());
        List<JsonNode> records;
        try {
            records = engine.records(mapping, input.body());
        } catch (MalformedPayloadException e) {
            transaction.executeWithoutResult(tx -> {
                quarantine.quarantine(input.id(), input.source(), input.sourceRef(), List.of(e.reason()));
                raw.markOutcome(input.id(), IntakeOutcome.Status.MALFORMED.name(), null);
            });
            log.info("Raw input {} from {} quarantined: {}", input.id(), input.source(), e.getMessage());
            return new IntakeOutcome(IntakeOutcome.Status.MALFORMED, input.id(), List.of(), List.of(e.reason()));
        }
        Set<IntakeOutcome.Status> seen = EnumSet.noneOf(IntakeOutcome.Status.class);
        List<UUID> ids = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        boolean accepted = false;
        for (JsonNode record : records) {
            MappingResult result = engine.map(mapping, record, BeijingTime.of(input.receivedAt()));
            RecordOutcome outcome = transaction.execute(tx -> accept(input, result));
            seen.add(outcome.status());
            outcome.decisionId().ifPresent(ids::add);
            reasons.addAll(outcome.reasons());
            accepted |= outcome.status() == IntakeOutcome.Status.ACCEPTED;
        }
        IntakeOutcome.Status overall = overall(seen);
        if (records.size() != 1) {
            transaction.executeWithoutResult(tx -> raw.markOutcome(input.id(), overall.name(), null));
        }
        if (accepted) {
            outbox.wakeUp();
        }
        return new IntakeOutcome(overall, input.id(), ids, reasons);
    }

    private RecordOutcome accept(RawInput input, MappingResult result) {
        String ref = result.recordId() != null ? result.recordId() : input.sourceRef();
        if (result.skipped() != null) {
            raw.markOutcome(input.id(), IntakeOutcome.Status.SKIPPED.name(), null);
            return new RecordOutcome(IntakeOutcome.Status.SKIPPED, Optional.empty(), List.of());
        }
        if (!result.valid()) {
            return quarantined(input, ref, result.reasons());
        }
        Decision decision = result.decision();
        String factHash = decisions.factHash(decision);
        Optional<UUID> same = decisions.lockAndFindSameFact(decision, factHash);
        if (same.isPresent()) {
            raw.markOutcome(input.id(), IntakeOutcome.Status.DUPLICATE.name(), same.get());
            return new RecordOutcome(IntakeOutcome.Status.DUPLICATE, same, List.of());
        }
        List<Route> routes = decision.decisionType().supervised()
                ? routing.route(decision.matter().code(), decision.decisionDate()) : List.of();
        if (decision.decisionType().supervised() && routes.isEmpty()) {
            return quarantined(input, ref, List.of(Reason.of("matter.code", decision.matter().code(), "no-route",
                    "the memoranda name no supervising department for matter " + decision.matter().code()
                            + " (routing table " + routing.version() + ")")));
        }
        Decision identified = decisions.identify(decision);
        Instant now = clock.instant();
        decisions.insert(identified, factHash, input.id(), !routes.isEmpty(), now);
        deliveries.plan(identified, routes, now);
        UUID id = UUID.fromString(identified.decisionId());
        raw.markOutcome(input.id(), IntakeOutcome.Status.ACCEPTED.name(), id);
        metrics.decisionAccepted(input.source(), identified.decisionType());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("decisionId", identified.decisionId())) {
            log.info("Decision {} v{} ({} {}) from {} routed to {} department(s)", identified.documentNumber(),
                    identified.version(), identified.decisionType(), identified.matter().code(), input.source(),
                    routes.size());
        }
        return new RecordOutcome(IntakeOutcome.Status.ACCEPTED, Optional.of(id), List.of());
    }

    private RecordOutcome quarantined(RawInput input, String ref, List<Reason> reasons) {
        quarantine.quarantine(input.id(), input.source(), ref, reasons);
        raw.markOutcome(input.id(), IntakeOutcome.Status.QUARANTINED.name(), null);
        log.info("Record {} of raw input {} from {} quarantined: {}", ref, input.id(), input.source(),
                reasons.stream().map(Reason::rule).toList());
        return new RecordOutcome(IntakeOutcome.Status.QUARANTINED, Optional.empty(), reasons);
    }

    private static IntakeOutcome.Status overall(Set<IntakeOutcome.Status> seen) {
        for (IntakeOutcome.Status s : List.of(IntakeOutcome.Status.ACCEPTED, IntakeOutcome.Status.QUARANTINED,
                IntakeOutcome.Status.DUPLICATE)) {
            if (seen.contains(s)) {
                return s;
            }
        }
        return IntakeOutcome.Status.SKIPPED;
    }

    private record RecordOutcome(IntakeOutcome.Status status, Optional<UUID> decisionId, List<Reason> reasons) {
    }
}
