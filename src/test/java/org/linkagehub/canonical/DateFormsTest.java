package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateFormsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input                        | expected
            20261120                       | 2026-11-20
            2026-11-20                     | 2026-11-20
            2026/11/20                     | 2026-11-20
            2026.11.20                     | 2026-11-20
            2026-3-5                       | 2026-03-05
            2026/3/5                       | 2026-03-05
            2026.3.5                       | 2026-03-05
            2026-03-5                      | 2026-03-05
            2026/3/05                      | 2026-03-05
            2026年3月5日                   | 2026-03-05
            2026年11月20日                 | 2026-11-20
            2026年03月05日                 | 2026-03-05
            ２０２６年１１月２０日          | 2026-11-20
            ２０２６－１１－２０            | 2026-11-20
            "  2026-11-20\t"               | 2026-11-20
            "\u30002026年3月5日\uFEFF"      | 2026-03-05
            2026-11-20 23:59:59            | 2026-11-20
            2026-11-20 00:00:00            | 2026-11-20
            2026-11-20T08:30:00            | 2026-11-20
            2024-02-29                     | 2024-02-29
            20000229                       | 2000-02-29
            2099-12-31                     | 2099-12-31
            19000101                       | 1900-01-01
            """)
    void parsesEveryAcceptedForm(String input, LocalDate expected) {
        assertThat(DateForms.parse(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-31",           // November has 30 days
            "2026-02-29",           // 2026 is not a leap year
            "20260229",
            "2026/04/31",
            "2026.06.31",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "20261132",
            "2026年11月31日",
            "2026年2月29日",
            "２０２６年２月２９日",
            "19000229",             // 1900 is not a leap year
            "2026-11-31 00:00:00",  // date part checked even when a time is present
            "2026-11-20 24:00:00",  // time part validated too, STRICT rejects 24:00
            "2026-11-20 12:60:00",
            "2026-11-20 12:00:60"})
    void rejectsImpossibleDatesInsteadOfRollingThem(String input) {
        assertThatThrownBy(() -> DateForms.parse(input))
                .isInstanceOf(DateTimeException.class)
                .hasMessageStartingWith("'" + input + "' is not a real date/time: ");
    }

    @Test
    void impossibleDateMessageNamesTheValueAndTheReason() {
        assertThatThrownBy(() -> DateForms.parse("2026-11-31"))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("'2026-11-31' is not a real date/time: Invalid date 'NOVEMBER 31'");
        assertThatThrownBy(() -> DateForms.parse("２０２６年２月２９日"))
                .hasMessageContaining("'２０２６年２月２９日'")
                .hasMessageContaining("not a leap year");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "202611201",             // 9 digits must not become year 20261
            "2026112",
            "261120",
            "26-11-20",
            "2026-123-01",
            "2026-11-200",
            "+2026-11-20",
            "2026-11/20",            // mixed separators
            "2026 11 20",
            "2026年11月20",          // missing 日
            "2026-11-20 12:00",      // no seconds
            "2026-11-20 8:30:00",
            "2026-11-20T12:00:00Z",
            "2026-11-20 12:00:00.123",
            "2026/11/20 12:00:00",
            "2026-11-20 12：00：00", // full-width colons are deliberately not folded by Text.clean
            "٢٠٢٦-١١-٢٠",            // Arabic-Indic digits
            "Nov 20, 2026",
            "2026-11-20x"})
    void rejectsUnrecognisedForms(String input) {
        assertThatThrownBy(() -> DateForms.parse(input))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("unrecognised date '" + input + "': "
                        + "expected yyyyMMdd, yyyy-M-d, yyyy/M/d, yyyy.M.d, yyyy年M月d日 or yyyy-MM-dd HH:mm:ss");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u3000", "\uFEFF"})
    void rejectsBlank(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> DateForms.parse(input))
                .withMessage("date is missing: '" + input + "'");
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> DateForms.parse(input))
                .withMessage("date is missing: null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-20 08:30:00  | 2026-11-20T08:30:00
            2026-11-20T08:30:00  | 2026-11-20T08:30:00
            2026-11-20 00:00:00  | 2026-11-20T00:00:00
            2026-11-20 23:59:59  | 2026-11-20T23:59:59
            2024-02-29T12:00:00  | 2024-02-29T12:00:00
            ２０２６－１１－２０ ０８:３０:０５ | 2026-11-20T08:30:05
            """)
    void parsesDateTimes(String input, LocalDateTime expected) {
        assertThat(DateForms.parseDateTime(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-20 24:00:00",
            "2026-11-20T12:60:00",
            "2026-11-20 12:00:60",
            "2026-02-29 10:00:00",
            "2026-11-31T10:00:00"})
    void rejectsImpossibleDateTimes(String input) {
        assertThatThrownBy(() -> DateForms.parseDateTime(input))
                .isInstanceOf(DateTimeException.class)
                .hasMessageStartingWith("'" + input + "' is not a real date/time: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-20",
            "20261120",
            "2026-11-20 8:30:00",
            "2026-11-20  08:30:00",
            "2026-11-20T08:30",
            "2026-11-20T08:30:00.5",
            "2026-11-20T08:30:00+08:00",
            "2026/11/20 08:30:00",
            "2026-11-20X08:30:00"})
    void rejectsUnrecognisedDateTimes(String input) {
        assertThatThrownBy(() -> DateForms.parseDateTime(input))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("unrecognised date-time '" + input + "': "
                        + "expected yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " \t "})
    void rejectsBlankDateTimes(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> DateForms.parseDateTime(input))
                .withMessageStartingWith("date-time is missing: ");
    }
}
