package org.linkagehub.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkagehub.platform.BeijingTime;

class WorkingDayCalendarTest {

    /** Read from the file system: Maven runs tests with the project root as working directory. */
    static final Path CALENDAR_DIR = Path.of("mappings/calendar");

    // Transcribed independently from shared/reference/holidays-cn-2025-2026.md (the State Council
    // notices), so the tests check the YAML files rather than repeat them.
    static final Map<Integer, List<String>> REF_HOLIDAYS = Map.of(
            2025, List.of("01-01 01-01", "01-28 02-04", "04-04 04-06", "05-01 05-05", "05-31 06-02",
                    "10-01 10-08"),
            2026, List.of("01-01 01-03", "02-15 02-23", "04-04 04-06", "05-01 05-05", "06-19 06-21",
                    "09-25 09-27", "10-01 10-07"));
    static final Map<Integer, List<String>> REF_MAKE_UP = Map.of(
            2025, List.of("01-26", "02-08", "04-27", "09-28", "10-11"),
            2026, List.of("01-04", "02-14", "02-28", "05-09", "09-20", "10-10"));

    static WorkingDayCalendar cal;

    @BeforeAll
    static void load() {
        cal = WorkingDayCalendar.load(CALENDAR_DIR);
    }

    static Set<LocalDate> refHolidayDays(int year) {
        return REF_HOLIDAYS.get(year).stream().flatMap(range -> {
            String[] ends = range.split(" ");
            return LocalDate.parse(year + "-" + ends[0]).datesUntil(LocalDate.parse(year + "-" + ends[1]).plusDays(1));
        }).collect(Collectors.toSet());
    }

    static Set<LocalDate> refMakeUpDays(int year) {
        return REF_MAKE_UP.get(year).stream().map(md -> LocalDate.parse(year + "-" + md)).collect(Collectors.toSet());
    }

    static Stream<LocalDate> daysOf(int year) {
        return LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1));
    }

    static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    static WorkingDayCalendar fresh() {
        return WorkingDayCalendar.load(CALENDAR_DIR);
    }

    // ---------------------------------------------------------------- the data files

    @Test
    void loadsOneFilePerYear() {
        assertThat(cal.years()).containsExactly(2025, 2026);
        assertThat(cal.covers(2026)).isTrue();
        assertThat(cal.covers(2027)).isFalse();
        assertThat(cal.yearCalendar(2026)).hasValueSatisfying(y -> {
            assertThat(y.source()).contains("国务院办公厅关于2026年部分节假日安排的通知");
            assertThat(y.fileName()).endsWith("cn-2026.yaml");
        });
        assertThat(cal.yearCalendar(2025).orElseThrow().source()).contains("国务院办公厅关于2025年部分节假日安排的通知");
    }

    @ParameterizedTest
    @ValueSource(ints = {2025, 2026})
    void filesMatchTheReference(int year) {
        var y = cal.yearCalendar(year).orElseThrow();
        assertThat(y.holidays().stream()
                .flatMap(h -> h.from().datesUntil(h.to().plusDays(1))).collect(Collectors.toSet()))
                .isEqualTo(refHolidayDays(year));
        assertThat(y.makeUpWorkdays()).extracting(WorkingDayCalendar.MakeUpWorkday::date)
                .containsExactlyInAnyOrderElementsOf(refMakeUpDays(year));
    }

    @Test
    void dataIsImmutable() {
        var y = cal.yearCalendar(2026).orElseThrow();
        assertThatThrownBy(() -> y.holidays().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cal.years().add(2030)).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- isWorkingDay

    static Stream<LocalDate> holidayDays() {
        return Stream.of(2025, 2026).flatMap(y -> refHolidayDays(y).stream()).sorted();
    }

    @ParameterizedTest
    @MethodSource("holidayDays")
    void everyHolidayDayIsOff(LocalDate day) {
        assertThat(cal.isWorkingDay(day)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
            "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"})
    void everyMakeUpDayIsAWorkingWeekendDay(LocalDate day) {
        assertThat(isWeekend(day)).isTrue();
        assertThat(cal.isWorkingDay(day)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-07, false",  // ordinary Saturday
            "2026-03-08, false",  // ordinary Sunday
            "2026-03-09, true",   // ordinary Monday
            "2026-02-13, true",   // Friday before Spring Festival
            "2026-02-24, true",   // first day back
            "2026-09-24, true",   // Thursday before Mid-Autumn
            "2026-10-08, true"})  // after National Day
    void ordinaryDays(LocalDate day, boolean working) {
        assertThat(cal.isWorkingDay(day)).isEqualTo(working);
    }

    /** The reference's own check: weekdays off = 13 statutory days + make-up days. */
    @ParameterizedTest
    @CsvSource({"2025, 18, 5", "2026, 19, 6"})
    void weekdaysOffAndWorkedWeekendDays(int year, int weekdaysOff, int makeUpDays) {
        assertThat(daysOf(year).filter(d -> !isWeekend(d) && !cal.isWorkingDay(d)).count()).isEqualTo(weekdaysOff);
        assertThat(daysOf(year).filter(d -> isWeekend(d) && cal.isWorkingDay(d)).count()).isEqualTo(makeUpDays);
        assertThat(weekdaysOff).isEqualTo(13 + makeUpDays);
    }

    /** 261 weekdays in both years, - 18 + 5 in 2025 and - 19 + 6 in 2026. */
    @ParameterizedTest
    @CsvSource({"2025, 248", "2026, 248"})
    void totalWorkingDays(int year, long expected) {
        Set<LocalDate> off = refHolidayDays(year);
        Set<LocalDate> makeUp = refMakeUpDays(year);
        long byTheRule = daysOf(year).filter(d -> makeUp.contains(d) || !(isWeekend(d) || off.contains(d))).count();
        assertThat(byTheRule).isEqualTo(expected);
        assertThat(daysOf(year).filter(cal::isWorkingDay).count()).isEqualTo(expected);
        assertThat(cal.workingDaysBetween(LocalDate.of(year - 1, 12, 31), LocalDate.of(year, 12, 31)))
                .isEqualTo((int) expected);
    }

    // ---------------------------------------------------------------- arithmetic

    @ParameterizedTest
    @CsvSource({
            "2026-03-07, 0, 2026-03-07",  // n = 0 is the start itself, even on a Saturday
            "2026-03-06, 1, 2026-03-09",  // Friday -> Monday
            "2026-03-06, 5, 2026-03-13",
            "2026-02-13, 1, 2026-02-14",  // make-up Saturday
            "2026-02-13, 2, 2026-02-24",  // across Spring Festival
            "2026-02-14, 1, 2026-02-24",
            "2026-02-27, 1, 2026-02-28",  // second make-up Saturday
            "2025-12-31, 1, 2026-01-04",  // across New Year and the year files, onto a make-up Sunday
            "2026-09-30, 1, 2026-10-08"}) // across National Day
    void plusWorkingDays(LocalDate start, int n, LocalDate expected) {
        assertThat(cal.plusWorkingDays(start, n)).isEqualTo(expected);
    }

    @Test
    void negativeWorkingDaysAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> cal.plusWorkingDays(LocalDate.of(2026, 3, 6), -1))
                .withMessageContaining("-1");
    }

    @ParameterizedTest
    @CsvSource({
            // delivered (any offset)     n  end of the n-th working day, Beijing
            "2026-02-13T15:00+08:00,      1, 2026-02-15T00:00+08:00",  // the 14th is a make-up Saturday
            "2026-02-13T15:00+08:00,      2, 2026-02-25T00:00+08:00",  // then Spring Festival until the 23rd
            "2026-03-06T16:00+08:00,      1, 2026-03-10T00:00+08:00",  // Friday afternoon: all of Monday
            "2026-03-06T16:00+08:00,      0, 2026-03-07T00:00+08:00",  // end of the delivery day
            "2026-03-06T17:30Z,           1, 2026-03-10T00:00+08:00",  // Friday in UTC, Saturday in Beijing
            "2026-03-06T15:59:59Z,        0, 2026-03-07T00:00+08:00",  // 23:59:59 Beijing
            "2026-03-06T16:00Z,           0, 2026-03-08T00:00+08:00",  // 00:00 Saturday Beijing
            "2026-09-30T10:00+08:00,      1, 2026-10-09T00:00+08:00",  // National Day
            "2025-12-31T12:00+08:00,      1, 2026-01-05T00:00+08:00",  // New Year, make-up Sunday 01-04
            "2025-02-07T09:00+08:00,      1, 2025-02-09T00:00+08:00"}) // make-up Saturday 2025-02-08
    void deadlineIsTheEndOfTheNthWorkingDayInBeijing(OffsetDateTime delivered, int n, OffsetDateTime expected) {
        ZonedDateTime due = cal.deadline(delivered.toInstant(), n);
        assertThat(due.getZone()).isEqualTo(BeijingTime.ZONE);
        assertThat(due.toOffsetDateTime()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-06, 2026-03-06, 0",
            "2026-03-10, 2026-03-06, 0",  // reversed
            "2026-03-06, 2026-03-08, 0",  // only the weekend
            "2026-03-06, 2026-03-10, 2",  // Friday -> Tuesday: Monday and Tuesday
            "2026-02-13, 2026-02-24, 2",  // 02-14 (make-up) and 02-24
            "2026-02-14, 2026-02-23, 0",
            "2026-09-30, 2026-10-10, 3"}) // 10-08, 10-09 and make-up Saturday 10-10
    void workingDaysBetween(LocalDate from, LocalDate to, int expected) {
        assertThat(cal.workingDaysBetween(from, to)).isEqualTo(expected);
    }

    @Test
    void workingDaysBetweenAgreesWithPlusWorkingDays() {
        LocalDate start = LocalDate.of(2025, 12, 20);
        IntStream.rangeClosed(0, 60).forEach(n ->
                assertThat(cal.workingDaysBetween(start, cal.plusWorkingDays(start, n))).isEqualTo(n));
    }

    // ---------------------------------------------------------------- years without data

    @Test
    void uncoveredYearFallsBackToMondayToFridayAndIsRecorded() {
        var c = fresh();
        assertThat(c.uncoveredYearsSeen()).isEmpty();
        c.isWorkingDay(LocalDate.of(2026, 6, 1));
        assertThat(c.uncoveredYearsSeen()).isEmpty();

        assertThat(c.isWorkingDay(LocalDate.of(2027, 1, 1))).isTrue();   // a Friday; surely a holiday, but unknown
        assertThat(c.isWorkingDay(LocalDate.of(2027, 1, 2))).isFalse();  // Saturday
        assertThat(c.uncoveredYearsSeen()).containsExactly(2027);
    }

    @Test
    void deadlineRunningIntoAnUncoveredYearIsRecorded() {
        var c = fresh();
        assertThat(c.plusWorkingDays(LocalDate.of(2026, 12, 30), 2)).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(c.uncoveredYearsSeen()).containsExactly(2027);
        assertThatThrownBy(() -> c.uncoveredYearsSeen().add(2030)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void uncoveredYearsAreRecordedFromManyThreads() {
        var c = fresh();
        LocalDate.of(2027, 1, 1).datesUntil(LocalDate.of(2031, 1, 1)).parallel().forEach(c::isWorkingDay);
        assertThat(c.uncoveredYearsSeen()).containsExactly(2027, 2028, 2029, 2030);
    }

    @ParameterizedTest
    @CsvSource({"2025-01-01", "2025-06-01", "2025-12-31"})
    void nothingMissingWhileThisAndNextYearAreKnown(LocalDate today) {
        assertThat(cal.missingYears(today)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2026-01-02, [2027]",  // next year counts all year round: the same rule as the health component
            "2026-12-31, [2027]",
            "2027-03-01, '[2027, 2028]'",
            "2024-05-01, [2024]"})
    void missingYears(LocalDate today, String missing) {
        assertThat(cal.missingYears(today)).asString().isEqualTo(missing);
    }

    // ---------------------------------------------------------------- file errors

    static final String HEADER = "year: 2026\nsource: 国务院办公厅关于2026年部分节假日安排的通知\n";

    static WorkingDayCalendar.YearCalendar parse(String yaml) {
        return WorkingDayCalendar.parse("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesAMinimalFile() {
        var y = parse(HEADER + """
                holidays:
                  - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
                makeUpWorkdays:
                  - {date: 2026-01-04, for: 元旦}
                """);
        assertThat(y.year()).isEqualTo(2026);
        assertThat(y.holidays()).containsExactly(
                new WorkingDayCalendar.Holiday("元旦", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 3)));
        assertThat(y.makeUpWorkdays()).containsExactly(
                new WorkingDayCalendar.MakeUpWorkday(LocalDate.of(2026, 1, 4), "元旦"));
    }

    /** Lines as an editor counts them; HEADER is lines 1–2. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unclosed flow mapping  | holidays:\\n  - {name: 元旦, from: 2026-01-01, to: 2026-01-03\\nmakeUpWorkdays: []       | line 4 (at holidays[0].to)
            bad indentation        | holidays:\\n  - name: 元旦\\n    from: 2026-01-01\\n   to: 2026-01-03\\nmakeUpWorkdays: [] | line 6, column 4: while parsing a block collection
            tab indentation        | holidays:\\n\\t- {name: 元旦, from: 2026-01-01, to: 2026-01-03}\\nmakeUpWorkdays: []  | line 4, column 1: while scanning for the next token
            unknown property       | holidays:\\n  - {name: 元旦, form: 2026-01-01, to: 2026-01-03}\\nmakeUpWorkdays: []   | line 4 (at holidays[0].form): unknown property 'form', expected one of [from, name, to]
            unknown top-level key  | holidays: []\\nmakeUpWorkdays: []\\nholiday: []                                      | line 5 (at holiday): unknown property 'holiday'
            invalid date           | holidays:\\n  - {name: 元旦, from: 2026-13-01, to: 2026-01-03}\\nmakeUpWorkdays: []   | line 4 (at holidays[0].from)
            list expected          | holidays: {}\\nmakeUpWorkdays: []                                                   | line 3 (at holidays)
            duplicate key          | holidays: []\\nholidays: []\\nmakeUpWorkdays: []                                     | line 4: Duplicate field 'holidays'
            second document        | holidays: []\\nmakeUpWorkdays: []\\n---\\nyear: 2027                                | line 6: Trailing token
            """)
    void syntaxAndStructureErrorsNameFileAndLine(String what, String body, String expected) {
        String yaml = HEADER + body.replace("\\n", "\n").replace("\\t", "\t") + "\n";
        assertThatIllegalArgumentException().isThrownBy(() -> parse(yaml))
                .withMessageStartingWith("calendar file test.yaml, " + expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"twenty", "2026.5"})
    void wrongTypeForYearNamesLineOne(String year) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("year: " + year + "\nsource: x\nholidays: []\nmakeUpWorkdays: []\n"))
                .withMessageStartingWith("calendar file test.yaml, line 1 (at year): ");
    }

    @Test
    void unknownPropertyInABlockMapping() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(HEADER + """
                holidays:
                  - name: 元旦
                    from: 2026-01-01
                    to: 2026-01-03
                  - name: 春节
                    form: 2026-02-15
                    to: 2026-02-23
                makeUpWorkdays: []
                """))
                .withMessage("calendar file test.yaml, line 8 (at holidays[1].form): "
                        + "unknown property 'form', expected one of [from, name, to]");
    }

    @Test
    void emptyFileIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(""))
                .withMessageContaining("test.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            from after to               | - {name: 元旦, from: 2026-01-03, to: 2026-01-01}                  | [] | ends (2026-01-01) before it starts (2026-01-03)
            holiday in another year     | - {name: 元旦, from: 2025-12-31, to: 2026-01-01}                  | [] | holiday 元旦 date 2025-12-31 is not in year 2026
            make-up day in another year | - {name: 元旦, from: 2026-01-01, to: 2026-01-03}                  | [{date: 2027-01-03, for: 元旦}] | make-up workday date 2027-01-03 is not in year 2026
            make-up day on a weekday    | - {name: 元旦, from: 2026-01-01, to: 2026-01-03}                  | [{date: 2026-01-05, for: 元旦}] | 2026-01-05 is a MONDAY
            make-up day inside holiday  | - {name: 春节, from: 2026-02-14, to: 2026-02-23}                  | [{date: 2026-02-14, for: 春节}] | 2026-02-14 falls inside holiday 春节
            make-up day for no holiday  | - {name: 元旦, from: 2026-01-01, to: 2026-01-03}                  | [{date: 2026-01-04, for: 圆旦}] | for '圆旦', which is not a holiday
            blank holiday name          | - {name: '', from: 2026-01-01, to: 2026-01-03}                    | [] | holidays[0] needs a name, from and to
            missing from                | - {name: 元旦, to: 2026-01-03}                                    | [] | holidays[0] needs a name, from and to
            null to                     | - {name: 元旦, from: 2026-01-01, to: ~}                           | [] | holidays[0] needs a name, from and to
            empty holiday entry         | -                                                                 | [] | holidays[0] needs a name, from and to
            make-up day without for     | - {name: 元旦, from: 2026-01-01, to: 2026-01-03}                  | [{date: 2026-01-04}] | makeUpWorkdays[0] needs a date and for
            """)
    void semanticErrorsNameTheFile(String what, String holiday, String makeUps, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(HEADER + "holidays:\n  " + holiday + "\nmakeUpWorkdays: " + makeUps + "\n"))
                .withMessageStartingWith("calendar file test.yaml: ")
                .withMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"source: x\nholidays: []\nmakeUpWorkdays: []", "year: 2026\nholidays: []\nmakeUpWorkdays: []",
            "year: 2026\nsource: x\nmakeUpWorkdays: []", "year: 2026\nsource: x\nholidays: []"})
    void everyTopLevelPropertyIsRequired(String yaml) {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(yaml))
                .withMessage("calendar file test.yaml: year, source, holidays and makeUpWorkdays are all required"
                        + " (write 'makeUpWorkdays: []' for none)");
    }

    @Test
    void blankSourceIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("year: 2026\nsource: ' '\nholidays: []\nmakeUpWorkdays: []\n"))
                .withMessage("calendar file test.yaml: source must name the State Council notice");
    }

    @Test
    void aYearMayBeDefinedOnlyOnce() {
        var a = parse(HEADER + "holidays: []\nmakeUpWorkdays: []\n");
        var b = WorkingDayCalendar.parse("other.yaml", new ByteArrayInputStream(
                (HEADER + "holidays: []\nmakeUpWorkdays: []\n").getBytes(StandardCharsets.UTF_8)));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkingDayCalendar.of(List.of(a, b)))
                .withMessage("calendar year 2026 is defined twice: in test.yaml and in other.yaml");
    }

    @Test
    void loadNamesTheBrokenFileByPath(@TempDir Path dir) throws Exception {
        Files.copy(CALENDAR_DIR.resolve("cn-2025.yaml"), dir.resolve("cn-2025.yaml"));
        Files.writeString(dir.resolve("cn-2026.yaml"), HEADER + "holidays: [\n");
        Files.writeString(dir.resolve("README.txt"), "not a calendar");
        assertThatIllegalArgumentException().isThrownBy(() -> WorkingDayCalendar.load(dir))
                .withMessageStartingWith("calendar file " + dir.resolve("cn-2026.yaml") + ", line ");
    }

    @Test
    void loadIgnoresOtherFiles(@TempDir Path dir) throws Exception {
        Files.copy(CALENDAR_DIR.resolve("cn-2026.yaml"), dir.resolve("cn-2026.yml"));
        Files.writeString(dir.resolve("README.txt"), "not a calendar");
        assertThat(WorkingDayCalendar.load(dir).years()).containsExactly(2026);
    }

    @Test
    void missingDirectoryIsAnIoError() {
        assertThatThrownBy(() -> WorkingDayCalendar.load(Path.of("no/such/dir")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no/such/dir");
    }
}
