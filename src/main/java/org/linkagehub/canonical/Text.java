package org.linkagehub.canonical;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Light-touch normalisation of text coming from Chinese government systems.
 */
public final class Text {

    private Text() {
    }

    /**
     * Converts full-width digits, Latin letters and the hyphen to ASCII, turns ideographic (U+3000) and no-break
     * (U+00A0) spaces into plain spaces, and strips leading/trailing whitespace and BOMs. Returns null for null or
     * blank input; nothing inside the string is collapsed.
     *
     * <p>This is deliberately narrower than NFKC: full NFKC would also rewrite the full-width parentheses （）
     * (U+FF08/U+FF09) and other punctuation that are the correct form inside Chinese organisation names and
     * document numbers, so only the characters that are unambiguous typing variants of ASCII are folded.
     */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(fold(s.charAt(i)));
        }
        int start = 0;
        int end = sb.length();
        while (start < end && isTrimmable(sb.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmable(sb.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : sb.substring(start, end);
    }

    /**
     * Normalises an identifier-like code (USCC, ID number, matter code, licence number): {@link #clean}, drop every
     * whitespace character (codes are often keyed in groups with spaces) and upper-case. Returns null if nothing is
     * left.
     */
    public static String code(String s) {
        String cleaned = clean(s);
        if (cleaned == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(cleaned.length());
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (!isTrimmable(c)) {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? null : sb.toString().toUpperCase(Locale.ROOT);
    }

    private static char fold(char c) {
        if ((c >= '\uFF10' && c <= '\uFF19')        // ０-９
                || (c >= '\uFF21' && c <= '\uFF3A') // Ａ-Ｚ
                || (c >= '\uFF41' && c <= '\uFF5A') // ａ-ｚ
                || c == '\uFF0D') {                 // －
            // The full-width forms block mirrors ASCII 0x21-0x7E at a fixed offset.
            return (char) (c - 0xFEE0);
        }
        if (c == '\u3000' || c == '\u00A0') {
            return ' ';
        }
        return c;
    }

    // Character.isWhitespace excludes no-break spaces and the BOM, which both turn up in pasted or exported data.
    private static boolean isTrimmable(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u3000' || c == '\uFEFF';
    }

    /** The bytes as UTF-8 text, or empty when they are not valid UTF-8 (never silently replaced). */
    public static Optional<String> strictUtf8(byte[] bytes) {
        return strict(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes as text in {@code charset}, or empty when they are not valid in it (never silently replaced). */
    public static Optional<String> strict(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
