package org.linkagehub.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.linkagehub.platform.BeijingTime;

/**
 * A span of Beijing calendar days, both ends included; by default the current month up to today.
 */
record Period(LocalDate from, LocalDate to) {

    Period {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    static Period of(LocalDate from, LocalDate to, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? end.withDayOfMonth(1) : from;
        return start.isAfter(end) ? new Period(end, start) : new Period(start, end);
    }

    Instant start() {
        return from.atStartOfDay(BeijingTime.ZONE).toInstant();
    }

    /** The first instant after the period. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant();
    }
}
