package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.linkagehub.deadlines.DeadlineProperties;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The packaged calendar holds 2025 and 2026: health says so loudly once this or next year is missing. */
class CalendarHealthIndicatorTest {

    @Test
    void upWhileThisYearAndNextAreCovered() {
        assertThat(healthOn("2025-06-01T10:00+08:00").getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void incompleteWhenNextYearIsMissing() {
        Health health = healthOn("2026-11-28T10:00+08:00");
        assertThat(health.getStatus().getCode()).isEqualTo(CalendarHealthIndicator.INCOMPLETE);
        assertThat(health.getDetails().get("missing")).asString().isEqualTo("[2027]");
        assertThat(health.getDetails().get("message")).asString().contains("cn-<year>.yaml");
    }

    @Test
    void incompleteWhenThisYearIsMissingToo() {
        assertThat(healthOn("2027-03-01T10:00+08:00").getDetails().get("missing")).asString()
                .isEqualTo("[2027, 2028]");
    }

    private static Health healthOn(String when) {
        Clock clock = Clock.fixed(OffsetDateTime.parse(when).toInstant(), BeijingTime.ZONE);
        ConfigFiles files = new ConfigFiles(new LinkageProperties(Path.of("data"), null, null, null));
        DepartmentRegistry departments = new DepartmentRegistry(files);
        DeadlineProperties properties = new DeadlineProperties("1wd", "3wd", 0.8, 500, Map.of(), Map.of());
        Deadlines deadlines = new Deadlines(files, departments, properties);
        DeadlineScanner scanner = new DeadlineScanner(null, null, clock, null, departments, properties);
        return new CalendarHealthIndicator(deadlines, scanner, clock).health();
    }
}
