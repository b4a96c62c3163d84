package org.linkagehub.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlineRuleTest {

    static WorkingDayCalendar cal;

    @BeforeAll
    static void load() {
        cal = WorkingDayCalendar.load(Path.of("mappings/calendar"));
    }

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    // ---------------------------------------------------------------- parsing

    @ParameterizedTest
    @CsvSource({"1wd, 1", "3wd, 3", "0wd, 0", "10WD, 10", "366wd, 366"})
    void parsesWorkingDays(String text, int n) {
        var rule = DeadlineRule.parse(text);
        assertThat(rule.workingDays()).hasValue(n);
        assertThat(rule.duration()).isEmpty();
        assertThat(rule).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource({"PT20S, 20", "PT2H, 7200", "P2D, 172800", "PT1.5S, 1.5", "pt90m, 5400"})
    void parsesDurations(String text, double seconds) {
        var rule = DeadlineRule.parse(text);
        assertThat(rule.duration()).hasValue(Duration.ofMillis((long) (seconds * 1000)));
        assertThat(rule.workingDays()).isEmpty();
        assertThat(rule).hasToString(text);
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(DeadlineRule.parse(" 1wd\n")).hasToString("1wd").isEqualTo(DeadlineRule.parse("1wd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2x", "wd", "-1wd", "1.5wd", "1 wd", "1d", "P1M", "P1Y", "2 hours", "PT", "1wdx"})
    void rejectsWhatIsNeitherForm(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadlineRule.parse(text))
                .withMessage("deadline '" + text + "' is neither N working days like '1wd' nor an ISO-8601"
                        + " duration like 'PT20S' (months and years are not durations)");
    }

    @Test
    void errorMessageForTheBriefsExample() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadlineRule.parse("2x"))
                .withMessageStartingWith("deadline '2x' is neither N working days like '1wd' nor an ISO-8601 duration like 'PT20S'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rejectsEmpty(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadlineRule.parse(text))
                .withMessageStartingWith("deadline is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT5S", "P0D"})
    void rejectsNonPositiveDurations(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadlineRule.parse(text))
                .withMessage("deadline '" + text + "' must be a positive duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"367wd", "99999999999wd"})
    void rejectsAbsurdWorkingDays(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadlineRule.parse(text))
                .withMessage("deadline '" + text + "' is more than 366 working days");
    }

    @Test
    void equalityIsByMeaning() {
        assertThat(DeadlineRule.parse("PT2H")).isEqualTo(DeadlineRule.parse("PT120M"))
                .hasSameHashCodeAs(DeadlineRule.parse("PT120M"));
        assertThat(DeadlineRule.parse("1wd")).isEqualTo(DeadlineRule.parse("1WD"))
                .isNotEqualTo(DeadlineRule.parse("P1D"))
                .isNotEqualTo(DeadlineRule.parse("2wd"));
    }

    // ---------------------------------------------------------------- dueAt / warnAt

    @ParameterizedTest
    @CsvSource({
            // rule  delivered                 due                       warn
            "1wd,    2026-02-13T15:00+08:00,   2026-02-15T00:00+08:00,   2026-02-14T00:00+08:00",  // make-up Saturday
            "2wd,    2026-02-13T15:00+08:00,   2026-02-25T00:00+08:00,   2026-02-24T00:00+08:00",  // across Spring Festival
            "1wd,    2026-02-14T10:00+08:00,   2026-02-25T00:00+08:00,   2026-02-24T00:00+08:00",
            "1wd,    2026-03-06T16:00+08:00,   2026-03-10T00:00+08:00,   2026-03-09T00:00+08:00",  // Friday: warn Monday, not Saturday
            "3wd,    2026-03-06T16:00+08:00,   2026-03-12T00:00+08:00,   2026-03-11T00:00+08:00",
            "1wd,    2026-03-07T11:00+08:00,   2026-03-10T00:00+08:00,   2026-03-09T00:00+08:00",  // delivered on a Saturday
            "1wd,    2026-09-30T10:00+08:00,   2026-10-09T00:00+08:00,   2026-10-08T00:00+08:00",  // National Day
            "0wd,    2026-03-06T16:00+08:00,   2026-03-07T00:00+08:00,   2026-03-06T16:00+08:00",  // 0wd: warn at once
            "PT20S,  2026-03-06T16:00+08:00,   2026-03-06T16:00:20+08:00, 2026-03-06T16:00:16+08:00",
            "PT2H,   2026-03-06T16:00+08:00,   2026-03-06T18:00+08:00,   2026-03-06T17:36+08:00",
            "P2D,    2026-02-13T15:00+08:00,   2026-02-15T15:00+08:00,   2026-02-15T05:24+08:00"}) // elapsed: ignores the calendar
    void dueAndWarn(String rule, String delivered, String due, String warn) {
        var r = DeadlineRule.parse(rule);
        assertThat(r.dueAt(at(delivered), cal)).isEqualTo(at(due));
        assertThat(r.warnAt(at(delivered), cal)).isEqualTo(at(warn));
    }

    @Test
    void workingDayRuleUsesTheCalendarsDeadline() {
        Instant from = at("2026-04-30T12:00+08:00");
        assertThat(DeadlineRule.parse("2wd").dueAt(from, cal)).isEqualTo(cal.deadline(from, 2).toInstant());
    }

    /** Over six weeks around Spring Festival, at odd times of day: from ≤ warn < due. */
    @ParameterizedTest
    @ValueSource(strings = {"0wd", "1wd", "3wd", "PT20S", "PT2H", "P2D"})
    void warningAlwaysFallsBetweenDeliveryAndDeadline(String text) {
        var rule = DeadlineRule.parse(text);
        Instant start = at("2026-01-28T00:00+08:00");
        Stream.iterate(start, t -> t.isBefore(start.plus(Duration.ofDays(45))), t -> t.plus(Duration.ofMinutes(97)))
                .forEach(from -> assertThat(rule.warnAt(from, cal)).as("%s from %s", rule, from)
                        .isAfterOrEqualTo(from)
                        .isBefore(rule.dueAt(from, cal)));
    }
}
