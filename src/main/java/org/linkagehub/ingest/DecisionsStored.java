package org.linkagehub.ingest;

import java.util.List;

import org.linkagehub.canonical.Decision;
import org.linkagehub.routing.Route;

/**
 * Told, in the intake's transaction, of the decisions a chunk has just written, each with the departments it was
 * routed to. The features that follow decisions (cases close when a promised decision arrives; commitment grants
 * open verification tasks) implement it, so the intake knows none of them and imports nothing above itself.
 * Whatever an implementation writes commits or rolls back with the decisions; it must not call out of the process.
 */
public interface DecisionsStored {

    /** A decision as stored (identity and version assigned) and where it goes (empty for one not supervised). */
    record Stored(Decision decision, List<Route> routes) {
    }

    void stored(List<Stored> decisions);
}
