package org.linkagehub.ingest;

import java.util.Optional;

/**
 * A database that stands in for the platform's view while {@code linkage.sources.market-supervision.url} is unset:
 * the demo's simulator, which makes its view at run time in the hub's own PostgreSQL server.
 */
public interface MarketViewStandIn {

    /** The stand-in's connection, made ready on the first call; empty when it cannot stand in here. */
    Optional<Target> target();

    /** Where the view is. */
    record Target(String url, String username, String password) {
    }
}
