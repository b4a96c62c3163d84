package org.linkagehub.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides natural persons' numbers in log text: Chinese resident ID numbers and mobile phone
 * numbers. It runs at the log encoder ({@link MaskingMessageConverter},
 * {@link MaskingThrowableConverter}, {@link MaskingJsonCustomizer}), on every line, so that a
 * value which slips into a message, an exception message or a quarantine reason is still hidden.
 * Applicant names cannot be recognised by a pattern: the code never logs them.
 *
 * <h2>What is masked</h2>
 * <ul>
 * <li>18-character resident ID: 6-digit region (first digit 1-9), birth date {@code yyyyMMdd}
 * with year 19xx/20xx and a plausible month and day, 3-digit sequence, check digit or
 * {@code X}/{@code x}; the three groups may be separated by one space or dash
 * ({@code 640203 19700101 0020}). The first 6 and last 4 characters stay:
 * {@code 640203********0020}. The check digit is deliberately not verified: a mistyped ID
 * is still somebody's ID.</li>
 * <li>15-digit old ID: region, {@code yyMMdd}, 3-digit sequence; first 6 and last 4 stay:
 * {@code 640203*****1002}.</li>
 * <li>Mobile: {@code 1[3-9]} and 9 more digits, optionally prefixed by {@code +86},
 * {@code 0086} or {@code 86} (with or without one space or dash) and optionally grouped 3-4-4
 * with spaces or dashes ({@code 138-0013-8000}). The first 3 and last 4 digits stay, prefix
 * and separators are kept: {@code +86 138****8000}, {@code 138-****-8000}.</li>
 * </ul>
 * Landlines ({@code 0951-1234567}) are left alone.
 *
 * <h2>What is not masked</h2>
 * A match must not touch a letter or digit on either side, so a number inside a longer run of
 * digits (a 20-digit number, a 13-digit epoch-millisecond timestamp) or inside a token with
 * letters (a UUID, a hash, a Unified Social Credit Code such as {@code 91640205MA7K8L9M0M}) is
 * never partially masked. Document numbers ({@code 石审批许〔2026〕118号}) and ISO dates and
 * times have no run long enough to match.
 *
 * <h2>Trade-offs</h2>
 * <ul>
 * <li>A Unified Social Credit Code made of 18 digits whose characters 7 to 14 happen to read
 * as a birth date (e.g. {@code 911201197001010011}) is indistinguishable from an ID number and
 * is masked; so is a 15-digit number (an IMEI, say) whose characters 9 to 12 read as a month
 * and a day. Over-masking a company number in a log is preferred to leaking a person's.</li>
 * <li>Any free-standing 11-digit number starting with 13-19 is taken for a mobile number
 * (for instance a duration in nanoseconds).</li>
 * <li>Numbers glued to ASCII letters ({@code tel13800138000}) are not masked, because the same
 * rule is what keeps UUIDs and hex digests intact. Chinese text around a number is fine:
 * {@code 电话13800138000} is masked.</li>
 * <li>Full-width digits and other groupings of a mobile number (4-4-3, ...) are not
 * recognised.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * Every candidate has at least 11 digits joined at most by single spaces or dashes. A linear
 * scan looks for such runs first; without one (the vast majority of lines) the very same
 * {@code String} instance is returned without any regular expression being run and without
 * allocation. The precompiled patterns then only run within each such run (a UUID's digit
 * groups joined by dashes often make one), and when nothing is masked the input instance is
 * returned as well.
 */
public final class PersonalDataMasker {

    /** Shortest digit count of anything masked (a mobile number). */
    private static final int MIN_DIGITS = 11;

    private static final String BEFORE = "(?<![0-9A-Za-z])";

    private static final String AFTER = "(?![0-9A-Za-z])";

    private static final String SEP = "[ -]?";

    private static final String MONTH = "(?:0[1-9]|1[0-2])";

    private static final String DAY = "(?:0[1-9]|[12][0-9]|3[01])";

    private static final Pattern ID_NUMBER = Pattern.compile(BEFORE + "(?:"
            + "[1-9][0-9]{5}" + SEP + "(?:19|20)[0-9]{2}" + MONTH + DAY + SEP + "[0-9]{3}[0-9Xx]"
            + "|[1-9][0-9]{5}[0-9]{2}" + MONTH + DAY + "[0-9]{3}"
            + ")" + AFTER);

    private static final Pattern MOBILE = Pattern.compile(BEFORE
            + "((?:\\+|00)?86" + SEP + ")?"
            + "(1[3-9][0-9]" + SEP + "[0-9]{4}" + SEP + "[0-9]{4})"
            + AFTER);

    private PersonalDataMasker() {
    }

    /**
     * Masks the ID and mobile numbers in {@code text}.
     * @param text any text, may be {@code null}
     * @return the masked text, or {@code text} itself (same instance) when there is nothing to
     *     mask
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        long run = nextCandidateRun(text, 0);
        if (run < 0) {
            return text; // the common case: no regular expression runs, nothing is allocated
        }
        char[] masked = null;
        do {
            masked = maskRun(text, masked, (int) (run >>> 32), (int) run);
            run = nextCandidateRun(text, (int) run);
        }
        while (run >= 0);
        return (masked != null) ? new String(masked) : text;
    }

    /**
     * Whether {@code text} holds at least {@value #MIN_DIGITS} digits joined by nothing or by
     * single spaces or dashes: the cheap precondition for any match.
     */
    static boolean hasCandidateRun(String text) {
        return nextCandidateRun(text, 0) >= 0;
    }

    /**
     * The next run, from {@code from} on, of at least {@value #MIN_DIGITS} digits joined by
     * nothing or by single spaces or dashes ({@code 138-0013-8000}).
     * @return {@code start << 32 | end} of the run (first digit to just past the last), or -1
     */
    private static long nextCandidateRun(String text, int from) {
        int n = text.length();
        int start = -1;
        int digits = 0;
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                if (digits++ == 0) {
                    start = i;
                }
            }
            else if (digits > 0 && (c == ' ' || c == '-') && i + 1 < n && isDigit(text.charAt(i + 1))) {
                continue; // a single separator between digits keeps the run going
            }
            else {
                if (digits >= MIN_DIGITS) {
                    return ((long) start << 32) | i;
                }
                digits = 0;
            }
        }
        return (digits >= MIN_DIGITS) ? ((long) start << 32) | n : -1;
    }

    /**
     * Masks the matches within one candidate run, widened by a {@code +} before it (+86) and an
     * ID check character after it. Matching reads the original text, with the lookarounds seeing
     * past the run; masking writes into {@code masked} (a copy made at the first match) and only
     * ever turns digits into {@code *}, so the two patterns cannot undo each other.
     */
    private static char[] maskRun(String text, char[] masked, int start, int end) {
        int from = (start > 0 && text.charAt(start - 1) == '+') ? start - 1 : start;
        int to = (end < text.length() && (text.charAt(end) == 'X' || text.charAt(end) == 'x')) ? end + 1 : end;
        Matcher id = region(ID_NUMBER.matcher(text), from, to);
        while (id.find()) {
            masked = (masked != null) ? masked : text.toCharArray();
            maskDigits(text, masked, id.start(), id.end(), 6, 4);
        }
        Matcher mobile = region(MOBILE.matcher(text), from, to);
        while (mobile.find()) {
            masked = (masked != null) ? masked : text.toCharArray();
            // the country prefix (group 1) is left as it is
            maskDigits(text, masked, mobile.start(2), mobile.end(2), 3, 4);
        }
        return masked;
    }

    private static Matcher region(Matcher matcher, int from, int to) {
        return matcher.region(from, to).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /**
     * Replaces by {@code *} the digits of {@code text[start, end)} but its first {@code head}
     * and last {@code tail} digits (or check character X); separators stay.
     */
    private static void maskDigits(String text, char[] masked, int start, int end, int head, int tail) {
        int total = 0;
        for (int i = start; i < end; i++) {
            if (isDigitOrCheck(text.charAt(i))) {
                total++;
            }
        }
        int index = 0;
        for (int i = start; i < end; i++) {
            if (isDigitOrCheck(text.charAt(i))) {
                if (index >= head && index < total - tail) {
                    masked[i] = '*';
                }
                index++;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDigitOrCheck(char c) {
        return isDigit(c) || c == 'X' || c == 'x';
    }

}
