package org.linkagehub.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.linkagehub.platform.BeijingTime;

/**
 * How long a department has to sign for something, as written in configuration:
 * <ul>
 *   <li>{@code 1wd}, {@code 3wd}, {@code 0wd}: N working days, due at the end of the N-th working day
 *       after the delivery date ({@link WorkingDayCalendar#deadline}); this is what real rules use;</li>
 *   <li>an ISO-8601 duration such as {@code PT20S}, {@code PT2H}, {@code P2D}: plain elapsed time,
 *       ignoring the calendar, for drills and tests that cannot wait for a working day to pass.</li>
 * </ul>
 * Immutable; {@link #toString()} returns the text it was parsed from (stripped of surrounding blanks). Two rules are equal when they
 * mean the same ({@code PT2H} equals {@code PT120M}).
 */
public final class DeadlineRule {

    private static final Pattern WORKING_DAYS = Pattern.compile("(\\d+)wd", Pattern.CASE_INSENSITIVE);

    /** A sanity bound: guards against overflow and typos; no real time limit is a year of working days. */
    static final int MAX_WORKING_DAYS = 366;

    /** Elapsed share of a duration rule after which a warning is due, unless configured otherwise. */
    public static final double DEFAULT_WARN_FRACTION = 0.8;

    private final String text;
    private final int workingDays;      // -1 for a duration rule
    private final Duration duration;    // null for a working-day rule

    private DeadlineRule(String text, int workingDays, Duration duration) {
        this.text = text;
        this.workingDays = workingDays;
        this.duration = duration;
    }

    /** @throws IllegalArgumentException saying what was expected */
    public static DeadlineRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "deadline is empty; expected N working days like '1wd' or an ISO-8601 duration like 'PT20S'");
        }
        String t = text.strip();
        Matcher m = WORKING_DAYS.matcher(t);
        if (m.matches()) {
            int n;
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                n = Integer.MAX_VALUE;
            }
            if (n > MAX_WORKING_DAYS) {
                throw new IllegalArgumentException("deadline '" + t + "' is more than " + MAX_WORKING_DAYS
                        + " working days");
            }
            return new DeadlineRule(t, n, null);
        }
        Duration d;
        try {
            d = Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("deadline '" + t + "' is neither N working days like '1wd'"
                    + " nor an ISO-8601 duration like 'PT20S' (months and years are not durations)");
        }
        if (d.isZero() || d.isNegative()) {
            // a zero duration would make every receipt overdue on arrival, which is never what was meant
            throw new IllegalArgumentException("deadline '" + t + "' must be a positive duration");
        }
        return new DeadlineRule(t, -1, d);
    }

    /** N for a working-day rule, empty for a duration rule. */
    public OptionalInt workingDays() {
        return duration == null ? OptionalInt.of(workingDays) : OptionalInt.empty();
    }

    /** The duration of an elapsed-time rule, empty for a working-day rule. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** When a delivery made at {@code from} becomes overdue. */
    public Instant dueAt(Instant from, WorkingDayCalendar cal) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(cal, "cal");
        return duration != null ? from.plus(duration) : cal.deadline(from, workingDays).toInstant();
    }

    /**
     * When to warn that the deadline is near.
     * <ul>
     *   <li>Working days: one working day before the deadline, i.e. 00:00 (Beijing) of the N-th working
     *       day, when the department's last working day begins and it still has that whole day to act.
     *       (Not "the deadline of N-1 working days": for 1wd that would be midnight after the delivery
     *       day, even when a weekend lies between it and the real last day.) For {@code 0wd} that moment
     *       has passed at delivery, so the warning is due at once ({@code from}).</li>
     *   <li>Durations: when {@link #DEFAULT_WARN_FRACTION 80%} of the time has elapsed, so a {@code PT20S}
     *       drill warns after 16 s.</li>
     * </ul>
     * Always {@code from ≤ warnAt < dueAt}.
     */
    public Instant warnAt(Instant from, WorkingDayCalendar cal) {
        return warnAt(from, cal, DEFAULT_WARN_FRACTION);
    }

    /**
     * As {@link #warnAt(Instant, WorkingDayCalendar)}, with a duration rule warning once {@code fraction} of its
     * time has elapsed ({@code linkage.deadlines.warn-fraction}); working-day rules ignore the fraction.
     *
     * @param fraction in [0, 1)
     */
    public Instant warnAt(Instant from, WorkingDayCalendar cal, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("warning fraction must be at least 0 and below 1: " + fraction);
        }
        Instant due = dueAt(from, cal);
        if (duration != null) {
            return from.plusNanos((long) (duration.toNanos() * fraction));
        }
        Instant startOfLastDay = due.atZone(BeijingTime.ZONE).minusDays(1).toInstant();
        return startOfLastDay.isBefore(from) ? from : startOfLastDay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadlineRule r && workingDays == r.workingDays && Objects.equals(duration, r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workingDays, duration);
    }

    @Override
    public String toString() {
        return text;
    }
}
