/**
 * What Prometheus scrapes from {@code /actuator/prometheus} besides Camel's own route metrics: the hub's
 * meters, all named {@code linkage_…}. {@link org.linkagehub.metrics.HubMetrics} is the one class the intake,
 * quarantine and receipt code call; the gauges read the database, the sources' monitor and the broker, each
 * behind a short cache so a scrape never costs more than one grouped query or one management request.
 */
package org.linkagehub.metrics;
