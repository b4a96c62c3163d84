package org.linkagehub.canonical;

import java.util.Optional;

/**
 * Unified Social Credit Code (统一社会信用代码) as defined by GB 32100-2015.
 */
public final class Uscc {

    /** GB 32100 omits I, O, Z, S and V so they cannot be confused with 1, 0, 2, 5 and U. */
    private static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int MODULUS = CHARSET.length(); // 31

    /** Weight of position i (1-based) is 3^(i-1) mod 31, per GB 32100 clause 5. */
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private static final int LENGTH = 18;

    private Uscc() {
    }

    /** True if {@code s} (already normalised, e.g. by {@link Text#code}) is a well-formed USCC. */
    public static boolean isValid(String s) {
        return problem(s).isEmpty();
    }

    /** A human-readable reason why {@code s} is not a valid USCC, or empty if it is valid. */
    public static Optional<String> problem(String s) {
        if (s == null) {
            return Optional.of("must not be null");
        }
        if (s.length() != LENGTH) {
            return Optional.of("must be " + LENGTH + " characters, got " + s.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            if (CHARSET.indexOf(s.charAt(i)) < 0) {
                return Optional.of("character '" + s.charAt(i) + "' at position " + (i + 1)
                        + " is not allowed in a USCC");
            }
        }
        char expected = checkCharacter(s.substring(0, LENGTH - 1));
        char actual = s.charAt(LENGTH - 1);
        return expected == actual
                ? Optional.empty()
                : Optional.of("check character should be '" + expected + "', got '" + actual + "'");
    }

    /**
     * The 18th (check) character for the given first 17 characters: C18 = 31 - (Σ Ci·Wi mod 31), where a result of
     * 31 maps to '0'.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 characters from the USCC charset
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected the first " + (LENGTH - 1) + " characters of a USCC, got "
                    + (first17 == null ? "null" : "'" + first17 + "'"));
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character '" + first17.charAt(i) + "' at position " + (i + 1)
                        + " is not allowed in a USCC");
            }
            sum += value * WEIGHTS[i];
        }
        return CHARSET.charAt((MODULUS - sum % MODULUS) % MODULUS);
    }
}
