package org.linkagehub.retention;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

import org.linkagehub.platform.BeijingTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code linkage.retention.*}: how long each kind of public record is kept before it is archived and pruned.
 *
 * @param rawInput       raw inputs ({@code P10Y}, {@code 10y}); empty: for ever
 * @param deliveryEvents delivery events; empty: for ever
 * @param audit          the audit of operator actions; empty: for ever
 * @param archiveDir     where each run's folder of archive files and manifest goes
 * @param batchSize      rows read, and rows deleted, per statement (each its own short transaction)
 * @param fileRows       rows per archive file at most; a file is fsynced and listed in the manifest before any of its
 *                       rows is deleted
 */
@ConfigurationProperties("linkage.retention")
public record RetentionProperties(Period rawInput, Period deliveryEvents, Period audit,
        @DefaultValue("data/archive") Path archiveDir, @DefaultValue("500") int batchSize,
        @DefaultValue("50000") int fileRows) {

    public RetentionProperties {
        check("raw-input", rawInput);
        check("delivery-events", deliveryEvents);
        check("audit", audit);
        if (batchSize < 1 || fileRows < 1) {
            throw new IllegalArgumentException("linkage.retention.batch-size and file-rows must be at least 1");
        }
    }

    /** The period of {@code kind}; null: for ever. */
    public Period period(RecordKind kind) {
        return switch (kind) {
            case RAW_INPUT -> rawInput;
            case DELIVERY_EVENTS -> deliveryEvents;
            case AUDIT -> audit;
        };
    }

    /**
     * For each kind with a period, the instant before which its records are past it at {@code clock}'s now,
     * counted in Beijing calendar days, months and years.
     */
    public Map<RecordKind, Instant> cutoffs(Clock clock) {
        Map<RecordKind, Instant> cutoffs = new EnumMap<>(RecordKind.class);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(BeijingTime.ZONE));
        for (RecordKind kind : RecordKind.values()) {
            Period period = period(kind);
            if (period != null) {
                cutoffs.put(kind, now.minus(period).toInstant());
            }
        }
        return cutoffs;
    }

    private static void check(String name, Period period) {
        if (period != null && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("linkage.retention." + name + " must be a positive period (P10Y, 10y) "
                    + "or empty (for ever), not " + period);
        }
    }
}
