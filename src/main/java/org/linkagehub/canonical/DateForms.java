package org.linkagehub.canonical;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Strict parsing of the date forms found in Chinese administrative data. Impossible dates (11月31日, 2026-02-29) are
 * always rejected, never rolled over to the next valid day.
 */
public final class DateForms {

    /**
     * Each form is gated by an exact regex before the formatter runs: java.time's variable-width fields would
     * otherwise accept shapes such as a 5-digit year in "uuuuMMdd" or a 3-digit month in "uuuu-M-d".
     * {@code \d} only matches ASCII digits, which is why input passes through {@link Text#clean} first.
     */
    private record Form(Pattern shape, DateTimeFormatter formatter) {
        Form(String regex, String pattern) {
            // 'uuuu' because STRICT resolution of 'yyyy' (year-of-era) needs an era field the input does not carry.
            this(Pattern.compile(regex), DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT));
        }
    }

    private static final List<Form> DATE_FORMS = List.of(
            new Form("\\d{8}", "uuuuMMdd"),
            new Form("\\d{4}-\\d{1,2}-\\d{1,2}", "uuuu-M-d"),
            new Form("\\d{4}/\\d{1,2}/\\d{1,2}", "uuuu/M/d"),
            new Form("\\d{4}\\.\\d{1,2}\\.\\d{1,2}", "uuuu.M.d"),
            new Form("\\d{4}年\\d{1,2}月\\d{1,2}日", "uuuu年M月d日"));

    private static final Pattern DATE_TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private static final String EXPECTED_DATES =
            "expected yyyyMMdd, yyyy-M-d, yyyy/M/d, yyyy.M.d, yyyy年M月d日 or yyyy-MM-dd HH:mm:ss";
    private static final String EXPECTED_DATE_TIMES = "expected yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss";

    private DateForms() {
    }

    /**
     * Parses any accepted date form; for a date-time only the date is returned, but the time must still be valid.
     *
     * @throws IllegalArgumentException if {@code s} is null or blank
     * @throws DateTimeException        if {@code s} is not an accepted form or not a real calendar date
     */
    public static LocalDate parse(String s) {
        String text = cleanOrThrow(s, "date");
        for (Form form : DATE_FORMS) {
            if (form.shape().matcher(text).matches()) {
                return parseOrThrow(s, () -> LocalDate.parse(text, form.formatter()));
            }
        }
        if (DATE_TIME_SHAPE.matcher(text).matches()) {
            return parseDateTime(s).toLocalDate();
        }
        throw new DateTimeException("unrecognised date '" + s + "': " + EXPECTED_DATES);
    }

    /**
     * Parses {@code yyyy-MM-dd HH:mm:ss} or the ISO-style {@code yyyy-MM-dd'T'HH:mm:ss}.
     *
     * @throws IllegalArgumentException if {@code s} is null or blank
     * @throws DateTimeException        if {@code s} is not an accepted form or not a real date and time
     */
    public static LocalDateTime parseDateTime(String s) {
        String text = cleanOrThrow(s, "date-time");
        if (!DATE_TIME_SHAPE.matcher(text).matches()) {
            throw new DateTimeException("unrecognised date-time '" + s + "': " + EXPECTED_DATE_TIMES);
        }
        // The shape check has pinned position 10 to ' ' or 'T'; fold both onto the one formatter.
        String spaced = text.substring(0, 10) + ' ' + text.substring(11);
        return parseOrThrow(s, () -> LocalDateTime.parse(spaced, DATE_TIME));
    }

    private static String cleanOrThrow(String s, String what) {
        String text = Text.clean(s);
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing: " + (s == null ? "null" : "'" + s + "'"));
        }
        return text;
    }

    private static <T> T parseOrThrow(String original, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (DateTimeException e) {
            // The parse exception wraps the resolver's precise reason, e.g. "Invalid date 'NOVEMBER 31'".
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new DateTimeException("'" + original + "' is not a real date/time: " + reason.getMessage(), e);
        }
    }
}
