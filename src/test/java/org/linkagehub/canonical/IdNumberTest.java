package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberTest {

    /** Pinned "today" so the future-date rule is tested without depending on the clock. */
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @ParameterizedTest
    @ValueSource(strings = {
            "640203199207010020",
            "640202198503120012",
            "640221197809230032",
            "64020419880516008X", // check value 10 is written as X
            "11010519491231002X", // the worked example in GB 11643-1999
            "640202199202290012", // 29 Feb in a leap year
            "640202200002290021", // 2000 is a leap year (divisible by 400)
            "64020219000101001X"}) // earliest accepted birth date
    void acceptsValidNumbers(String id) {
        assertThat(IdNumber.isValid(id)).isTrue();
        assertThat(IdNumber.problem(id)).isEmpty();
        assertThat(IdNumber.checkCharacter(id.substring(0, 17))).isEqualTo(id.charAt(17));
    }

    @Test
    void acceptsBirthDateOfToday() {
        assertThat(IdNumber.problem("640202202606010018", TODAY)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "640202198503120013, 2, 3",
            "640203199207010021, 0, 1",
            "640204198805160080, X, 0",
            "110105194912310021, X, 1",
            "64020219850312001X, 2, X"})
    void rejectsWrongCheckCharacter(String id, char expected, char actual) {
        assertThat(IdNumber.isValid(id)).isFalse();
        assertThat(IdNumber.problem(id))
                .hasValue("check character should be '" + expected + "', got '" + actual + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "640202198502300011, 19850230", // 30 February
            "64020219851301001X, 19851301", // month 13
            "640202198501320010, 19850132", // day 32
            "640202198504310010, 19850431", // 31 April
            "640202190002290017, 19000229", // 1900 is not a leap year (divisible by 100, not 400)
            "640202198500000010, 19850000"})
    void rejectsBirthDatesThatAreNotRealDates(String id, String birth) {
        assertThat(IdNumber.problem(id, TODAY)).hasValue("birth date " + birth + " is not a real date");
        assertThat(IdNumber.isValid(id)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "640202189912310015, 18991231, is before 1900",
            "640202202606020013, 20260602, is in the future",
            "640202299901010014, 29990101, is in the future"})
    void rejectsBirthDatesOutOfRange(String id, String birth, String reason) {
        assertThat(IdNumber.problem(id, TODAY)).hasValue("birth date " + birth + " " + reason);
    }

    @Test
    void usesTheRealClockByDefault() {
        assertThat(IdNumber.problem("640202299901010014")).hasValue("birth date 29990101 is in the future");
    }

    @ParameterizedTest
    @CsvSource({
            "'', 0",
            "640203920701002, 15", // first-generation 15-digit numbers are not accepted
            "64020319920701002, 17",
            "6402031992070100200, 19"})
    void rejectsWrongLength(String id, int length) {
        assertThat(IdNumber.isValid(id)).isFalse();
        assertThat(IdNumber.problem(id)).hasValue("must be 18 characters, got " + length);
    }

    @ParameterizedTest
    @CsvSource({
            "64020A199207010020, A, 6",
            "６40203199207010020, ６, 1",
            "6402031992070100X0, X, 17",
            "640203 99207010020, ' ', 7"})
    void rejectsNonDigitsInTheFirst17Positions(String id, char bad, int position) {
        assertThat(IdNumber.problem(id)).hasValue("character '" + bad + "' at position " + position + " must be a digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"64020319920701002x", "64020319920701002Y", "64020319920701002-"})
    void rejectsLastCharacterThatIsNeitherDigitNorUpperCaseX(String id) {
        assertThat(IdNumber.problem(id))
                .hasValue("last character must be a digit or 'X', got '" + id.charAt(17) + "'");
    }

    @Test
    void acceptsLowerCaseXOnceNormalisedByTextCode() {
        assertThat(IdNumber.isValid(Text.code("64020419880516008x"))).isTrue();
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String id) {
        assertThat(IdNumber.isValid(id)).isFalse();
        assertThat(IdNumber.problem(id)).hasValue("must not be null");
    }

    @ParameterizedTest
    @CsvSource({
            "00000000000000000, 1",
            "00000000000000001, X",
            "10000000000000000, 5",
            "64020319920701002, 0"})
    void checkCharacterFollowsIso7064Mod11_2(String first17, char expected) {
        assertThat(IdNumber.checkCharacter(first17)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "6402031992070100", "640203199207010020", "6402031992070100X"})
    void checkCharacterRejectsAnythingButSeventeenDigits(String first17) {
        assertThatIllegalArgumentException().isThrownBy(() -> IdNumber.checkCharacter(first17))
                .withMessageStartingWith("expected the first 17 digits of an ID number");
    }

    @Test
    void checkCharacterErrorDoesNotLeakTheBirthDate() {
        assertThatIllegalArgumentException().isThrownBy(() -> IdNumber.checkCharacter("6402031992070100X"))
                .withMessage("expected the first 17 digits of an ID number, got '640203*******100X'");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, NULL",
            "'', ***",
            "123456789, ***",
            "1234567890, 1234567890",
            "640203199207010020, 640203********0020",
            "64020419880516008X, 640204********008X",
            "640203920701002, 640203*****1002"})
    void masksAllButAddressCodeAndLastFour(String id, String masked) {
        assertThat(IdNumber.mask(id)).isEqualTo(masked);
    }
}
