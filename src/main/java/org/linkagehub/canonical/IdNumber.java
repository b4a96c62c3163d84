package org.linkagehub.canonical;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * Citizen identity number (公民身份号码) as defined by GB 11643-1999: 6-digit address code, 8-digit birth date,
 * 3-digit sequence code and an ISO 7064 MOD 11-2 check character.
 */
public final class IdNumber {

    private static final int LENGTH = 18;

    /** Weight of position i (1-based) is 2^(18-i) mod 11, the ISO 7064 MOD 11-2 weights. */
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** Check character indexed by (Σ ai·Wi mod 11); the value 10 is written as the Roman numeral X. */
    private static final String CHECK_CHARS = "10X98765432";

    /** 'uuuu' because STRICT resolution of 'yyyy' (year-of-era) needs an era field the input does not carry. */
    private static final DateTimeFormatter BIRTH_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private IdNumber() {
    }

    /** True if {@code s} (already normalised, e.g. by {@link Text#code}) is a well-formed 18-digit ID number. */
    public static boolean isValid(String s) {
        return problem(s).isEmpty();
    }

    /** A human-readable reason why {@code s} is not a valid ID number, or empty if it is valid. */
    public static Optional<String> problem(String s) {
        return problem(s, LocalDate.now());
    }

    // Package-private so tests can pin "today" instead of depending on the clock.
    static Optional<String> problem(String s, LocalDate today) {
        if (s == null) {
            return Optional.of("must not be null");
        }
        if (s.length() != LENGTH) {
            return Optional.of("must be " + LENGTH + " characters, got " + s.length());
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return Optional.of("character '" + s.charAt(i) + "' at position " + (i + 1) + " must be a digit");
            }
        }
        char actual = s.charAt(LENGTH - 1);
        if (!isAsciiDigit(actual) && actual != 'X') {
            return Optional.of("last character must be a digit or 'X', got '" + actual + "'");
        }
        String birth = s.substring(6, 14);
        LocalDate birthDate;
        try {
            birthDate = LocalDate.parse(birth, BIRTH_DATE);
        } catch (DateTimeException e) {
            return Optional.of("birth date " + birth + " is not a real date");
        }
        if (birthDate.isBefore(EARLIEST_BIRTH_DATE)) {
            return Optional.of("birth date " + birth + " is before 1900");
        }
        if (birthDate.isAfter(today)) {
            return Optional.of("birth date " + birth + " is in the future");
        }
        char expected = checkCharacter(s.substring(0, LENGTH - 1));
        return expected == actual
                ? Optional.empty()
                : Optional.of("check character should be '" + expected + "', got '" + actual + "'");
    }

    /**
     * The 18th (check) character for the given first 17 digits.
     *
     * @throws IllegalArgumentException if {@code first17} is not exactly 17 ASCII digits
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1 || !first17.chars().allMatch(IdNumber::isAsciiDigit)) {
            throw new IllegalArgumentException("expected the first " + (LENGTH - 1) + " digits of an ID number, got "
                    + (first17 == null ? "null" : "'" + mask(first17) + "'"));
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    /**
     * Masks an ID number for logs: keeps the 6-digit address code and the last 4 characters, hiding the birth date.
     * Anything shorter than 10 characters is replaced by "***" so that no part of it leaks.
     */
    public static String mask(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() < 10) {
            return "***";
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
