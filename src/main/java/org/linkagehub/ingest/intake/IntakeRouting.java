package org.linkagehub.ingest.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.routing.Route;
import org.linkagehub.routing.RoutingTable;
import org.springframework.stereotype.Component;

/**
 * Where each new decision of the chunk goes: the departments the routing table names for its matter on its date,
 * and for a later version also every department an earlier version went to. A supervised decision whose matter the
 * memoranda do not cover is refused with that reason (the quarantine step keeps it); one not supervised (a
 * refusal) is stored and goes nowhere.
 */
@Component
public class IntakeRouting {

    private final RoutingTable routing;

    IntakeRouting(RoutingTable routing) {
        this.routing = routing;
    }

    public IntakeBatch route(IntakeBatch batch) {
        IntakeBatch.Chunk chunk = batch.current();
        for (int k = 0; k < chunk.size(); k++) {
            Decision identified = chunk.identified[k];
            if (identified == null) {
                continue;
            }
            Decision decision = batch.candidates().get(chunk.from + k);
            boolean supervised = decision.decisionType().supervised();
            List<Route> routes = supervised
                    ? new ArrayList<>(routing.route(decision.matter().code(), decision.decisionDate()))
                    : new ArrayList<>();
            if (supervised && routes.isEmpty()) {
                chunk.identified[k] = null;
                chunk.refuse(k, List.of(routing.noRoute(decision.matter().code())));
                continue;
            }
            if (identified.version() > 1 && identified.decisionType().supervised()) {
                routing.addEarlierDepartments(identified.lineageId(), routes,
                        chunk.versions.earlierDepartments(UUID.fromString(identified.lineageId())));
            }
            chunk.routes[k] = routes;
        }
        return batch;
    }
}
