package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.linkagehub.platform.BeijingTime;

/** Which days the nightly reconciliation owes, on Beijing time. */
class ReconcileScheduleTest {

    final ReconcileSchedule nightly = new ReconcileSchedule("0 30 1 * * *", 7);

    static ZonedDateTime beijing(String local) {
        return LocalDateTime.parse(local).atZone(BeijingTime.ZONE);
    }

    @Test
    void theDayBeforeIsOwedOnlyOnceTheScheduledTimeHasPassed() {
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T01:29:59"), LocalDate.parse("2026-11-26"))).isEmpty();
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T01:30:00"), LocalDate.parse("2026-11-26")))
                .containsExactly(LocalDate.parse("2026-11-27"));
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T09:00:00"), LocalDate.parse("2026-11-27"))).isEmpty();
    }

    @Test
    void daysMissedByAFailureOrAStoppedHubAreCaughtUpWithinTheLimit() {
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T02:00:00"), LocalDate.parse("2026-11-24")))
                .containsExactly(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T02:00:00"), LocalDate.parse("2026-10-01")))
                .hasSize(7).startsWith(LocalDate.parse("2026-11-21")).endsWith(LocalDate.parse("2026-11-27"));
    }

    @Test
    void aFirstRunOwesOnlyTheDayBefore() {
        assertThat(nightly.pastDaysDue(beijing("2026-11-28T10:00:00"), null)).containsExactly(LocalDate.parse("2026-11-27"));
        assertThat(nightly.lastRun(beijing("2026-11-28T01:00:00"))).isEqualTo(beijing("2026-11-27T01:30:00"));
    }

    @Test
    void aGoLiveStartPointIsReconciledWholeOnTheFirstRunAndNeverReachedBehind() {
        ReconcileSchedule goLive = new ReconcileSchedule("0 30 1 * * *", 7, LocalDate.parse("2026-11-10"));
        assertThat(goLive.pastDaysDue(beijing("2026-11-28T02:00:00"), null))
                .as("beyond the catch-up limit: the operator asked for these days").hasSize(18)
                .startsWith(LocalDate.parse("2026-11-10")).endsWith(LocalDate.parse("2026-11-27"));
        assertThat(goLive.pastDaysDue(beijing("2026-11-12T02:00:00"), LocalDate.parse("2026-11-01")))
                .containsExactly(LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-11"));
        assertThat(goLive.pastDaysDue(beijing("2026-11-28T02:00:00"), LocalDate.parse("2026-11-26")))
                .containsExactly(LocalDate.parse("2026-11-27"));
        ReconcileSchedule notYet = new ReconcileSchedule("0 30 1 * * *", 7, LocalDate.parse("2026-12-01"));
        assertThat(notYet.pastDaysDue(beijing("2026-11-28T02:00:00"), null)).as("a start point ahead").isEmpty();
    }

    @Test
    void aFrequentScheduleFindsItsLastRunCheaply() {
        ReconcileSchedule everyMinute = new ReconcileSchedule("0 * * * * *", 7);
        assertThat(everyMinute.lastRun(beijing("2026-11-28T10:15:42"))).isEqualTo(beijing("2026-11-28T10:15:00"));
    }
}
