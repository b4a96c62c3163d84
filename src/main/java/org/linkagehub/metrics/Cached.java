package org.linkagehub.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last reading of something costly (a grouped query, a broker request), read again only once it is older
 * than the refresh interval. Gauges are read one by one per scrape: without this, fifteen departments' gauges
 * would be fifteen queries. A failed reading (database or broker away) is remembered as null for the same
 * interval, so an outage does not turn every scrape into a burst of timeouts; the gauges then show NaN.
 */
final class Cached<T> {

    private static final Logger log = LoggerFactory.getLogger(Cached.class);

    private final Supplier<T> reader;
    private final Duration refresh;
    private final Clock clock;
    private T value;
    private Instant readAt;

    Cached(Supplier<T> reader, Duration refresh, Clock clock) {
        this.reader = reader;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The reading, or null when the last attempt failed. */
    synchronized T get() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            readAt = now;
            try {
                value = reader.get();
            } catch (RuntimeException e) {
                value = null;
                log.warn("Metric reading failed, shown as NaN for {}: {}", refresh, e.toString());
            }
        }
        return value;
    }
}
