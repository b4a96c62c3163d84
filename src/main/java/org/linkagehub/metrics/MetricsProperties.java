package org.linkagehub.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param refresh how old a gauge read from the database or the broker may be; every scrape within it is served
 *                from the last reading, so many scrapers (or many departments) cost one query
 */
@ConfigurationProperties("linkage.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration refresh) {
}
