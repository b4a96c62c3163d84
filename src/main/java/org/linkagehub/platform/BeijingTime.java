package org.linkagehub.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** The four platforms, the working days and "the day" of a reconciliation are all Beijing time. */
public final class BeijingTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private BeijingTime() {
    }

    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atZone(ZONE).toOffsetDateTime();
    }
}
