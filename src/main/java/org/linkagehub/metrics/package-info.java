/**
 * The gauges Prometheus scrapes from {@code /actuator/prometheus} besides Camel's own route metrics, all named
 * {@code linkage_…}: backlogs, open cases, sources, dead letters. Like the console it sits on top and reads
 * through the features, each reading behind a short cache so a scrape never costs more than one grouped query or
 * one management request. The counters the features move themselves are {@link
 * org.linkagehub.platform.HubMetrics}.
 */
package org.linkagehub.metrics;
