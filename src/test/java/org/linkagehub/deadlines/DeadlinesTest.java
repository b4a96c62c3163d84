package org.linkagehub.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.ConfigFileException;
import org.linkagehub.platform.ConfigFiles;
import org.linkagehub.platform.LinkageProperties;

/** Per-matter and per-department limits from mappings/routing/deadlines.yaml, on the 2026 calendar. */
class DeadlinesTest {

    static final String MATTER = "640200-SPJ-HB-0020";
    static final Instant BEFORE_NATIONAL_DAY = OffsetDateTime.parse("2026-09-30T10:00+08:00").toInstant();

    @TempDir
    Path config;

    @Test
    void theMattersLimitBeatsTheDepartmentsWhichBeatsTheDefault() throws IOException {
        Deadlines deadlines = deadlines("""
                version: t
                matters:
                  - {matter: %s, startWithin: 5wd}
                departments:
                  - {department: ZRZY, signWithin: 2wd, startWithin: 4wd}
                """.formatted(MATTER), Map.of());
        // National Day 2026: 1-7 October off; 8 and 9 October (Thu, Fri) are working days, 10 October a make-up day
        var zrzy = deadlines.dueDates(BEFORE_NATIONAL_DAY, MATTER, "ZRZY");
        assertThat(zrzy.signDue()).as("department's 2wd").isEqualTo(at("2026-10-10T00:00+08:00"));
        assertThat(zrzy.startDue()).as("matter's 5wd: 8, 9, 10 (make-up), 12, 13 October")
                .isEqualTo(at("2026-10-14T00:00+08:00"));
        var sthj = deadlines.dueDates(BEFORE_NATIONAL_DAY, MATTER, "STHJ");
        assertThat(sthj.signDue()).as("default 1wd").isEqualTo(at("2026-10-09T00:00+08:00"));
        assertThat(sthj.signWarn()).as("one working day before").isEqualTo(at("2026-10-08T00:00+08:00"));
        var other = deadlines.dueDates(BEFORE_NATIONAL_DAY, "640200-SPJ-HB-0012", "ZRZY");
        assertThat(other.startDue()).as("department's 4wd").isEqualTo(at("2026-10-13T00:00+08:00"));
    }

    @Test
    void aPropertyBeatsTheFileAndDurationsWarnAtTheConfiguredFraction() throws IOException {
        Deadlines deadlines = deadlines("""
                version: t
                matters:
                  - {matter: %s, signWithin: 3wd}
                """.formatted(MATTER), Map.of(MATTER, new DeadlineProperties.Limits("PT10S", null)));
        var due = deadlines.dueDates(BEFORE_NATIONAL_DAY, MATTER, "STHJ");
        assertThat(due.signDue()).isEqualTo(BEFORE_NATIONAL_DAY.plusSeconds(10));
        assertThat(due.signWarn()).as("warn-fraction 0.5").isEqualTo(BEFORE_NATIONAL_DAY.plusSeconds(5));
        assertThat(Duration.between(BEFORE_NATIONAL_DAY, due.startDue())).as("default 3wd").isPositive();
    }

    @Test
    void anUnknownDepartmentOrABadLimitFailsWithTheFileAndTheLine() throws IOException {
        assertThatThrownBy(() -> deadlines("""
                version: t
                departments:
                  - {department: ZRZY, signWithin: 2wd}
                  - {department: NOPE, signWithin: 2wd}
                """, Map.of())).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("deadlines.yaml line 4").hasMessageContaining("'NOPE'");
        assertThatThrownBy(() -> deadlines("""
                version: t
                matters:
                  - {matter: %s, signWithin: 2 days}
                """.formatted(MATTER), Map.of())).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("line 3").hasMessageContaining("'2 days'");
    }

    @Test
    void thePackagedFileLoads() {
        ConfigFiles files = new ConfigFiles(new LinkageProperties(config, null, null, null));
        var deadlines = new Deadlines(files, new DepartmentRegistry(files), properties(Map.of()));
        assertThat(deadlines.dueDates(BEFORE_NATIONAL_DAY, MATTER, "ZRZY").signDue())
                .isEqualTo(at("2026-10-09T00:00+08:00"));
    }

    private Deadlines deadlines(String yaml, Map<String, DeadlineProperties.Limits> matterProperties) throws IOException {
        Path file = config.resolve("mappings/routing/deadlines.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        ConfigFiles files = new ConfigFiles(new LinkageProperties(config, config, null, null));
        return new Deadlines(files, new DepartmentRegistry(files), properties(matterProperties));
    }

    private static DeadlineProperties properties(Map<String, DeadlineProperties.Limits> matters) {
        return new DeadlineProperties("1wd", "3wd", matters.isEmpty() ? 0.8 : 0.5, 500, matters, Map.of());
    }

    private static Instant at(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
