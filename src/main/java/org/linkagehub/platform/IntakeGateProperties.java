package org.linkagehub.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * When intake is refused ({@link IntakeGate}); beside {@code linkage.intake.*}'s other settings, which concern how
 * payloads become decisions.
 *
 * @param minFreeDisk  below this much free space on the data folder's disk, intake answers 503: the database and
 *                     the broker journal must never fill the disk with input half taken
 * @param retryAfter   the {@code Retry-After} of a 503 answer
 * @param drainTimeout how long a stop waits for intake requests already let in
 */
@ConfigurationProperties("linkage.intake")
public record IntakeGateProperties(@DefaultValue("1GB") DataSize minFreeDisk, @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("30s") Duration drainTimeout) {
}
