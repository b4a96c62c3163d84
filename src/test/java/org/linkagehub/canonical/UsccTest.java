package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "91640205MA7K8L9M0M",
            "91640221MA7D4E5F6N",
            "91640200MA76A1B2CY",
            "91640202MA77C3D4E0",
            "11640200MB1234567U",
            "92640205MA7XY1234F",
            "91640200MA76T7U8WQ",
            "92640202MA7P1Q2R3X"})
    void acceptsValidCodes(String code) {
        assertThat(Uscc.isValid(code)).isTrue();
        assertThat(Uscc.problem(code)).isEmpty();
        assertThat(Uscc.checkCharacter(code.substring(0, 17))).isEqualTo(code.charAt(17));
    }

    @ParameterizedTest
    @CsvSource({
            "91640221MA76Y9Q8R8, 9, 8",
            "91640202MA77C3D4E1, 0, 1",
            "91640205MA7K8L9M0N, M, N"})
    void rejectsWrongCheckCharacter(String code, char expected, char actual) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThat(Uscc.problem(code))
                .hasValue("check character should be '" + expected + "', got '" + actual + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "'', 0",
            "91640205MA7K8L9M0, 17",
            "91640205MA7K8L9M0M0, 19"})
    void rejectsWrongLength(String code, int length) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThat(Uscc.problem(code)).hasValue("must be 18 characters, got " + length);
    }

    @ParameterizedTest
    @CsvSource({
            "9164I205MA7K8L9M0M, I, 5",
            "91640205MO7K8L9M0M, O, 10",
            "Z1640205MA7K8L9M0M, Z, 1",
            "91640205MA7S8L9M0M, S, 12",
            "91640205MA7K8L9MVM, V, 17",
            "91640205MA7K8L9M0a, a, 18",
            "91640205MA7K8L9M0-, -, 18"})
    void rejectsCharactersOutsideTheCharset(String code, char bad, int position) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThat(Uscc.problem(code))
                .hasValue("character '" + bad + "' at position " + position + " is not allowed in a USCC");
    }

    @Test
    void expectsNormalisedInputSoLowerCaseIsInvalidUntilPassedThroughTextCode() {
        assertThat(Uscc.isValid("91640205ma7k8l9m0m")).isFalse();
        assertThat(Uscc.isValid(Text.code(" 91640205ma7k8l9m0m "))).isTrue();
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String code) {
        assertThat(Uscc.isValid(code)).isFalse();
        assertThat(Uscc.problem(code)).hasValue("must not be null");
    }

    @ParameterizedTest
    @CsvSource({
            // weighted sum ≡ 0 (mod 31) must give '0', not charset[31]
            "00000000000000000, 0",
            "10000000000000000, Y",
            "01000000000000000, W",
            "00000000000000001, 3"})
    void checkCharacterFollowsTheModulo31Rule(String first17, char expected) {
        assertThat(Uscc.checkCharacter(first17)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "9164020", "91640205MA7K8L9M0M"})
    void checkCharacterRejectsWrongLength(String first17) {
        assertThatIllegalArgumentException().isThrownBy(() -> Uscc.checkCharacter(first17))
                .withMessageStartingWith("expected the first 17 characters of a USCC");
    }

    @Test
    void checkCharacterRejectsCharactersOutsideTheCharset() {
        assertThatIllegalArgumentException().isThrownBy(() -> Uscc.checkCharacter("9164I205MA7K8L9M0"))
                .withMessage("character 'I' at position 5 is not allowed in a USCC");
    }
}
