package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The arithmetic behind the oversight pages: periods in Beijing time (medians of working days: SigningFiguresIT). */
class OversightFiguresTest {

    @Test
    void theDefaultPeriodIsThisBeijingMonthUpToToday() {
        // 2026-11-30 20:00 UTC is already 1 December in Beijing
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T20:00:00Z"), ZoneOffset.UTC);
        Period period = Period.of(null, null, clock);
        assertThat(period.from()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(period.to()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-12-01T16:00:00Z"));
    }

    @Test
    void aPeriodGivenBackwardsIsTurnedRound() {
        Clock clock = Clock.systemUTC();
        Period period = Period.of(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 1), clock);
        assertThat(period.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThatThrownBy(() -> new Period(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
