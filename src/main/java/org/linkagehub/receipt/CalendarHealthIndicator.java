package org.linkagehub.receipt;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.deadlines.WorkingDayCalendar;
import org.linkagehub.platform.BeijingTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Health component {@code calendar}: {@value #INCOMPLETE} when the working-day calendar lacks this year or next
 * year. Deadlines in such a year would count Monday–Friday and miss the public holidays and make-up days, so
 * the gap is shouted — this status, and an ERROR in the log at start-up, when the gap changes and once a day —
 * never guessed round silently. A status of its own rather than DOWN: the hub still works, and a load balancer
 * must not take it out of service for a missing holiday file (the root status ignores unknown statuses).
 */
@Component
public class CalendarHealthIndicator implements HealthIndicator {

    /** The status shown while a needed year is missing. */
    public static final String INCOMPLETE = "INCOMPLETE";
    private static final Logger log = LoggerFactory.getLogger(CalendarHealthIndicator.class);

    private final WorkingDayCalendar calendar;
    private final DeadlineScanner scanner;
    private final Clock clock;
    private SortedSet<Integer> lastLoggedMissing = new TreeSet<>();
    private Instant lastLoggedAt = Instant.MIN;

    public CalendarHealthIndicator(Deadlines deadlines, DeadlineScanner scanner, Clock clock) {
        this.calendar = deadlines.calendar();
        this.scanner = scanner;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void checkAtStartUp() {
        health();
    }

    @Override
    public Health health() {
        LocalDate today = LocalDate.now(clock.withZone(BeijingTime.ZONE));
        SortedSet<Integer> missing = calendar.missingYears(today);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("years", calendar.years());
        if (!calendar.uncoveredYearsSeen().isEmpty()) {
            details.put("askedAboutWithoutData", calendar.uncoveredYearsSeen());
        }
        if (scanner.lastScan() != null) {
            details.put("lastDeadlineScan", scanner.lastScan().toString());
        }
        if (missing.isEmpty()) {
            return Health.up().withDetails(details).build();
        }
        String message = "working-day calendar has no data for " + missing + ": deadlines there would count Monday–"
                + "Friday and ignore public holidays and make-up working days; add mappings/calendar/cn-<year>.yaml "
                + "from the State Council's holiday notice";
        logLoudly(missing, message);
        details.put("missing", missing);
        details.put("message", message);
        return Health.status(new Status(INCOMPLETE, message)).withDetails(details).build();
    }

    private synchronized void logLoudly(SortedSet<Integer> missing, String message) {
        Instant now = clock.instant();
        if (!missing.equals(lastLoggedMissing) || lastLoggedAt.plus(1, ChronoUnit.DAYS).isBefore(now)) {
            log.error(message);
            lastLoggedMissing = missing;
            lastLoggedAt = now;
        }
    }
}
