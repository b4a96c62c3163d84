package org.linkagehub.console;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.linkagehub.canonical.DecisionQueries;
import org.linkagehub.platform.BeijingTime;
import org.springframework.stereotype.Component;

/**
 * Decisions per minute over the last hour, as {@link DecisionQueries} counts them, laid out as bars of an inline SVG: the
 * console needs one small chart, not a chart library and its JavaScript.
 */
@Component
class ThroughputChart {

    static final int MINUTES = 60;
    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    private final DecisionQueries decisions;
    private final Clock clock;

    ThroughputChart(DecisionQueries decisions, Clock clock) {
        this.decisions = decisions;
        this.clock = clock;
    }

    Chart lastHour() {
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant start = end.minus(MINUTES, ChronoUnit.MINUTES);
        return layout(start, decisions.perMinute(start, end));
    }

    /** Bars scaled to the busiest minute; an empty hour draws no bars. */
    static Chart layout(Instant start, Map<Instant, Long> counts) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double slot = (double) WIDTH / MINUTES;
        List<Bar> bars = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < MINUTES; i++) {
            Instant minute = start.plus(i, ChronoUnit.MINUTES);
            long n = counts.getOrDefault(minute, 0L);
            total += n;
            if (n > 0) {
                double h = Math.max(1, (double) n / max * HEIGHT);
                bars.add(new Bar(round(i * slot + 1), round(HEIGHT - h), round(slot - 2), round(h), n,
                        BeijingTime.of(minute).toLocalTime().toString()));
            }
        }
        return new Chart(WIDTH, HEIGHT, max, total, BeijingTime.of(start).toLocalTime().toString(),
                BeijingTime.of(start.plus(MINUTES, ChronoUnit.MINUTES)).toLocalTime().toString(), bars);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    record Chart(int width, int height, long max, long total, String from, String to, List<Bar> bars) {
    }

    /** One minute's bar; {@code minute} is its Beijing time (HH:mm). */
    record Bar(double x, double y, double width, double height, long count, String minute) {
    }
}
