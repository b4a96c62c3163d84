package org.linkagehub.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * Which days a reconciliation run owes, from the cron expression and the last day reconciled whole. A day counts
 * as complete at the first scheduled time after it ends; every complete day after the last one reconciled is
 * owed, at most {@code catchUpDays} of them, so a failed run or a stopped hub is made good by the next run. A
 * go-live start point, when set, is the first day ever owed: the first run reconciles every day from it on (the
 * catch-up limit does not cut a go-live short), and no run reaches back before it.
 */
final class ReconcileSchedule {

    /** Windows a scheduled time is looked for in, shortest first: a frequent cron stays cheap, a weekly one is found. */
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(8));

    private final CronExpression cron;
    private final int catchUpDays;
    private final LocalDate startFrom;

    ReconcileSchedule(String cron, int catchUpDays) {
        this(cron, catchUpDays, null);
    }

    ReconcileSchedule(String cron, int catchUpDays, LocalDate startFrom) {
        this.cron = CronExpression.parse(cron);
        this.catchUpDays = Math.max(1, catchUpDays);
        this.startFrom = startFrom;
    }

    /** The latest scheduled time at or before {@code now}, or null when there was none in the last days. */
    ZonedDateTime lastRun(ZonedDateTime now) {
        for (Duration window : LOOK_BACK) {
            ZonedDateTime last = null;
            ZonedDateTime next = cron.next(now.minus(window));
            while (next != null && !next.isAfter(now)) {
                last = next;
                next = cron.next(next);
            }
            if (last != null) {
                return last;
            }
        }
        return null;
    }

    /**
     * The complete days not yet reconciled, oldest first; {@code lastDone} null means none ever was (then only the
     * day before, or every day from the start point).
     */
    List<LocalDate> pastDaysDue(ZonedDateTime now, LocalDate lastDone) {
        ZonedDateTime run = lastRun(now);
        if (run == null) {
            return List.of();
        }
        LocalDate newest = run.toLocalDate().minusDays(1);
        LocalDate oldest = newest.minusDays(catchUpDays - 1L);
        if (lastDone != null && lastDone.plusDays(1).isAfter(oldest)) {
            oldest = lastDone.plusDays(1);
        }
        if (lastDone == null) {
            oldest = startFrom != null ? startFrom : newest;
        } else if (startFrom != null && startFrom.isAfter(oldest)) {
            oldest = startFrom;
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = oldest; !d.isAfter(newest); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }
}
