package org.linkagehub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The throughput chart's bars: one per busy minute, scaled to the busiest, labelled in Beijing time. */
class ThroughputChartTest {

    private static final Instant START = Instant.parse("2026-11-28T04:00:00Z");

    @Test
    void barsAreScaledToTheBusiestMinuteAndPlacedByMinute() {
        ThroughputChart.Chart chart = ThroughputChart.layout(START,
                Map.of(START, 10L, START.plus(30, ChronoUnit.MINUTES), 5L));
        assertThat(chart.total()).isEqualTo(15);
        assertThat(chart.max()).isEqualTo(10);
        assertThat(chart.from()).isEqualTo("12:00");
        assertThat(chart.to()).isEqualTo("13:00");
        assertThat(chart.bars()).hasSize(2);
        ThroughputChart.Bar busiest = chart.bars().get(0);
        assertThat(busiest.height()).isEqualTo(ThroughputChart.HEIGHT);
        assertThat(busiest.y()).isZero();
        assertThat(busiest.minute()).isEqualTo("12:00");
        ThroughputChart.Bar half = chart.bars().get(1);
        assertThat(half.height()).isEqualTo(ThroughputChart.HEIGHT / 2.0);
        assertThat(half.x()).isEqualTo(301.0);
        assertThat(half.minute()).isEqualTo("12:30");
    }

    @Test
    void anEmptyHourDrawsNothing() {
        ThroughputChart.Chart chart = ThroughputChart.layout(START, Map.of());
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.total()).isZero();
    }
}
