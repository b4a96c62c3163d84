package org.linkagehub.delivery;

import java.time.Instant;
import java.util.List;

import org.linkagehub.canonical.Decision;
import org.linkagehub.routing.Route;
import org.springframework.stereotype.Component;

/**
 * What the intake asks of delivery for the decisions it has just written: plan their deliveries, write them with
 * their history and outbox messages in the caller's transaction ({@link DeliveryPlanner}), and have the outbox
 * drained once that transaction commits ({@link OutboxDispatcher#wakeUpAfterCommit}). One call, so the intake knows nothing
 * of how a decision reaches a department.
 */
@Component
public class Deliveries {

    private final DeliveryPlanner planner;
    private final OutboxDispatcher outbox;
    public Deliveries(DeliveryPlanner planner, OutboxDispatcher outbox) {
        this.planner = planner;
        this.outbox = outbox;
    }

    /**
     * Plans and writes the deliveries of these decisions, written before in the same transaction, in their order
     * and each route's; the outbox is woken after the commit (at once when there is no transaction). A decision
     * with no routes (not supervised) has no deliveries but still counts as delivered.
     */
    public void deliver(List<Routed> decisions, Instant now) {
        if (decisions.isEmpty()) {
            return;
        }
        DeliveryPlanner.Batch batch = new DeliveryPlanner.Batch();
        for (Routed routed : decisions) {
            planner.plan(routed.decision(), routed.decisionJson(), routed.routes(), now, batch);
        }
        planner.write(batch);
        outbox.wakeUpAfterCommit();
    }

    /**
     * A decision as stored, where it goes, and its JSON as stored (its messages extend that text).
     *
     * @param decisionJson the decision's payload as written to {@code decision.payload}
     */
    public record Routed(Decision decision, String decisionJson, List<Route> routes) {
    }
}
