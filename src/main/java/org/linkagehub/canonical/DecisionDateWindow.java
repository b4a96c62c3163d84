package org.linkagehub.canonical;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

import org.linkagehub.platform.BeijingTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The plausible dates of a decision, {@code linkage.intake.decision-date.*}: a decision dated before
 * {@code earliest} or more than {@code ahead} after today (Beijing) is quarantined with rule {@code date-window}, as a
 * typing slip or a platform's placeholder (9999-12-31) would otherwise be delivered.
 *
 * @param earliest the first plausible decision date (1990-01-01: no platform here holds older decisions)
 * @param ahead    how far after today a decision may be dated (clocks and time zones of the platforms)
 */
@ConfigurationProperties("linkage.intake.decision-date")
public record DecisionDateWindow(@DefaultValue("1990-01-01") LocalDate earliest, @DefaultValue("P30D") Period ahead) {

    public static final DecisionDateWindow DEFAULT = new DecisionDateWindow(LocalDate.of(1990, 1, 1), Period.ofDays(30));

    public Optional<Reason> problem(LocalDate date, Clock clock) {
        if (date == null) {
            return Optional.empty();
        }
        LocalDate latest = LocalDate.now(clock.withZone(BeijingTime.ZONE)).plus(ahead);
        if (date.isBefore(earliest) || date.isAfter(latest)) {
            return Optional.of(Reason.of("decisionDate", date.toString(), "date-window", "a decision dated " + date
                    + " is outside the plausible window " + earliest + " to " + latest
                    + " (linkage.intake.decision-date.earliest / .ahead)"));
        }
        return Optional.empty();
    }
}
