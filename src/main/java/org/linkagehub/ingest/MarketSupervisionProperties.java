package org.linkagehub.ingest;

import java.time.Duration;
import java.time.LocalDateTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The market-supervision view, {@code linkage.sources.market-supervision.*}.
 *
 * @param url          JDBC URL of the platform's database (Oracle in production; PostgreSQL or MariaDB stand in);
 *                     without it the source is DISABLED (the demo's simulator stands in when it runs)
 * @param username     the platform's read-only account
 * @param password     its password
 * @param pollInterval time between polls, in Camel's syntax ({@code 30s}, {@code 5m}); read by the route
 * @param batchSize    rows per query, limited through JDBC ({@code setMaxRows}), so the one query runs on every
 *                     database
 * @param startFrom    the change time ({@code SJC}, Beijing local time) to start from while no cursor is stored;
 *                     unset: the whole view
 * @param queryTimeout how long one query may run before the driver cancels it
 * @param initSql      a statement run on each new connection, e.g. MariaDB's
 *                     {@code SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')}
 */
@ConfigurationProperties("linkage.sources.market-supervision")
public record MarketSupervisionProperties(String url, String username, String password,
        @DefaultValue("30s") String pollInterval, @DefaultValue("500") int batchSize, LocalDateTime startFrom,
        @DefaultValue("30s") Duration queryTimeout, String initSql) {

    public MarketSupervisionProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("linkage.sources.market-supervision.batch-size must be at least 1");
        }
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
