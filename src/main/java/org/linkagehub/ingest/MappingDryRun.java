package org.linkagehub.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.MappingCatalog;
import org.linkagehub.canonical.MappingEngine;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.canonical.SourceMapping;
import org.linkagehub.routing.Route;
import org.linkagehub.routing.RoutingTable;
import org.springframework.stereotype.Component;

/**
 * What a mapping would make of a sample — each record's canonical decision or every reason it would be
 * quarantined, and the departments it would go to — without storing, routing or sending anything: an IT team's
 * check of a mapping or routing change before it goes live. Serves {@code java -jar hub.jar mapping-test} and
 * {@code POST /api/v1/mappings/{name}/test}. Duplicates and versions need the database and are not judged here.
 */
@Component
public class MappingDryRun {

    private final MappingCatalog mappings;
    private final MappingEngine engine;
    private final RoutingTable routing;
    private final Clock clock;

    public MappingDryRun(MappingCatalog mappings, MappingEngine engine, RoutingTable routing, Clock clock) {
        this.mappings = mappings;
        this.engine = engine;
        this.routing = routing;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when there is no mapping of that name */
    public Result run(String mappingName, byte[] sample) {
        SourceMapping mapping = mappings.find(mappingName).orElseThrow(() -> new IllegalArgumentException(
                "no mapping '" + mappingName + "'; known: " + mappings.all().keySet()));
        List<JsonNode> records;
        try {
            records = engine.records(mapping, sample);
        } catch (MalformedPayloadException e) {
            return new Result(mapping.name(), mapping.version(), false, List.of(), List.of(e.reason()));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<RecordResult> results = new ArrayList<>();
        for (JsonNode record : records) {
            results.add(record(mapping, engine.map(mapping, record, now)));
        }
        boolean clean = results.stream().noneMatch(r -> r.status() == RecordStatus.INVALID);
        return new Result(mapping.name(), mapping.version(), clean, results, List.of());
    }

    private RecordResult record(SourceMapping mapping, MappingResult result) {
        if (result.skipped() != null) {
            return new RecordResult(result.recordId(), RecordStatus.SKIPPED, null, List.of(), List.of(), result.skipped());
        }
        if (!result.valid()) {
            return new RecordResult(result.recordId(), RecordStatus.INVALID, null, List.of(), result.reasons(), null);
        }
        Decision decision = result.decision();
        if (!decision.decisionType().supervised()) {
            return new RecordResult(result.recordId(), RecordStatus.VALID, decision, List.of(), List.of(),
                    null);
        }
        List<Route> routes = routing.route(decision.matter().code(), decision.decisionDate());
        if (routes.isEmpty()) {
            return new RecordResult(result.recordId(), RecordStatus.INVALID, decision, List.of(),
                    List.of(routing.noRoute(decision.matter().code())), null);
        }
        return new RecordResult(result.recordId(), RecordStatus.VALID, decision, routes.stream()
                .map(r -> new RouteView(r.department().code(), r.department().name(), r.role(), r.rule())).toList(),
                List.of(), null);
    }

    public enum RecordStatus {
        /** would become a decision (and be routed, unless it is a refusal) */
        VALID,
        /** would be quarantined for the reasons given */
        INVALID,
        /** well-formed, but not a decision to keep */
        SKIPPED
    }

    /**
     * @param clean  every record is VALID or SKIPPED
     * @param errors why the sample could not be read at all
     */
    public record Result(String mapping, int version, boolean clean, List<RecordResult> records, List<Reason> errors) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RecordResult(String recordId, RecordStatus status, Decision decision, List<RouteView> routes,
            List<Reason> reasons, String skipped) {
    }

    public record RouteView(String department, String name, Route.Role role, String rule) {
    }
}
