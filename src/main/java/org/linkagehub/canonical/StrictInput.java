package org.linkagehub.canonical;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one strict reading of what comes in from outside, shared by every intake (platforms, paper decisions,
 * receipts, and any later one: call {@link #json}, {@link #value} and {@link #textProblem}).
 *
 * <ul>
 * <li>JSON: strict UTF-8, one document and nothing after it, no key twice in one object, at most
 * {@value #MAX_DEPTH} levels deep, no lone surrogate in any key or string (rules {@code encoding},
 * {@code malformed}, {@code trailing-content}, {@code duplicate-key}, {@code too-deep}, {@code invalid-unicode},
 * {@code empty}). These make the body not well-formed: an intake refuses it whole.</li>
 * <li>Text values: no control character but tab and line ends, no lone surrogate, at most the field's
 * {@code maxLength} of {@code mappings/schemas/decision.schema.json} ({@link FieldLimits}) (rules
 * {@code control-character}, {@code invalid-unicode}, {@code too-long}). These make a record's content invalid:
 * the record is quarantined.</li>
 * <li>File names: checked ({@link #fileNameProblem}) and never used to build a path as they are
 * ({@link #safeFileName}).</li>
 * </ul>
 * Every message is the hub's own: no parser's class names reach an answer.
 */
public final class StrictInput {

    /** Nesting depth of a JSON or XML document; the hub's records are three levels deep at most. */
    public static final int MAX_DEPTH = 64;
    /** How much of a hostile value a reason, a log line or an answer shows. */
    static final int SHOWN = 120;
    static final int MAX_FILE_NAME = 200;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .addModule(new JavaTimeModule())
            .build();

    private StrictInput() {
    }

    /**
     * The body as one JSON document.
     *
     * @throws MalformedPayloadException with the specific rule (see the class comment) and field {@code (body)}
     */
    public static JsonNode json(byte[] body) {
        String text = utf8(body);
        JsonNode root;
        try (JsonParser parser = STRICT.createParser(text)) {
            try {
                root = STRICT.readTree(parser);
            } catch (JsonProcessingException e) {
                throw new MalformedPayloadException(reasonOf(e));
            }
            if (root == null || root.isMissingNode()) {
                throw malformed("empty", "the body holds no JSON document");
            }
            // a second document, or anything but white space, after the first: a reader that stops early would drop it
            JsonLocation end = parser.currentLocation();
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw new MalformedPayloadException(Reason.of("(body)", null, "trailing-content",
                        "the JSON document is followed by more content" + where(end) + "; send one document"));
            }
        } catch (IOException e) {
            throw malformed("malformed", "body is not valid JSON");
        }
        surrogates(root, "");
        return root;
    }

    /**
     * The body as one JSON document bound to {@code type}, read as strictly as {@link #json}; a value of the wrong
     * type is rule {@code invalid-value}, naming the field but no class.
     */
    public static <T> T value(byte[] body, Class<T> type) {
        JsonNode tree = json(body);
        try {
            return STRICT.treeToValue(tree, type);
        } catch (InvalidFormatException e) {
            throw new MalformedPayloadException(Reason.of(path(e), shown(String.valueOf(e.getValue())), "invalid-value",
                    "'" + path(e) + "' has a value that is not allowed: " + shown(String.valueOf(e.getValue()))
                            + allowed(e)));
        } catch (MismatchedInputException e) {
            throw new MalformedPayloadException(Reason.of(path(e), null, "invalid-value",
                    "'" + path(e) + "' has the wrong kind of value (text, number, object or list)"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw malformed("invalid-value", "the document does not have the expected fields and values");
        }
    }

    /**
     * What is wrong with one text value from outside, or empty: a control character other than tab, CR and LF, a
     * lone surrogate, or more than {@code maxLength} characters (code points, after trimming).
     *
     * @param field     the canonical (or the intake's) field name, for the reason
     * @param maxLength at most this many characters; 0 for no limit
     * @param personal  true when the value must not be repeated (an ID number): the reason then shows none
     */
    public static Optional<Reason> textProblem(String field, String value, int maxLength, boolean personal) {
        if (value == null) {
            return Optional.empty();
        }
        String shownValue = personal ? null : shown(value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(Reason.of(field, shownValue, "invalid-unicode", String.format(
                        "%s holds a lone surrogate U+%04X at position %d: not a character", field, (int) c, i + 1)));
            } else if (isControl(c)) {
                return Optional.of(Reason.of(field, shownValue, "control-character", String.format(
                        "%s holds the control character U+%04X at position %d; only tab and line ends are allowed",
                        field, (int) c, i + 1)));
            }
        }
        if (maxLength > 0) {
            String trimmed = value.strip();
            int length = trimmed.codePointCount(0, trimmed.length());
            if (length > maxLength) {
                return Optional.of(Reason.of(field, shownValue, "too-long", field + " has " + length
                        + " characters, at most " + maxLength + " are allowed (decision.schema.json)"));
            }
        }
        return Optional.empty();
    }

    /** C0 and C1 controls and DEL, except tab, line feed and carriage return. */
    public static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    /**
     * A value as it may be shown in a reason, an answer, a log line or a file: control characters, backslashes and
     * lone surrogates escaped as {@code \\uXXXX}, and at most {@value #SHOWN} characters followed by the length.
     */
    public static String shown(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), SHOWN) + 16);
        int i = 0;
        for (; i < value.length() && sb.length() < SHOWN; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                sb.append(c).append(value.charAt(++i));
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\\' || Character.isSurrogate(c)
                    || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (i < value.length()) {
            sb.append("… (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * What is wrong with the name of a file in an exchange folder, or empty: a name the hub will not use as it is
     * (a path separator, a control character such as a newline, a replaced or lone character, a leading dot or
     * dash, or more than {@value #MAX_FILE_NAME} characters).
     */
    public static Optional<Reason> fileNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(Reason.of("(file name)", null, "file-name", "the file has no name"));
        }
        String why = null;
        for (int i = 0; i < name.length() && why == null; i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                why = "a path separator";
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                why = String.format("the control character U+%04X", (int) c);
            } else if (c == '\uFFFD' || Character.isSurrogate(c)) {
                why = "bytes that are not characters in the folder's encoding";
            }
        }
        if (why == null && (name.startsWith(".") || name.startsWith("-"))) {
            why = "a leading '" + name.charAt(0) + "'";
        }
        if (why == null && name.length() > MAX_FILE_NAME) {
            why = name.length() + " characters (at most " + MAX_FILE_NAME + ")";
        }
        return why == null ? Optional.empty() : Optional.of(Reason.of("(file name)", shown(name), "file-name",
                "the file name holds " + why + "; the file is kept under a safe name"));
    }

    /**
     * The name itself when {@link #fileNameProblem} finds nothing, else a name of letters, digits and
     * {@code . _ -} only (every other character an underscore), at most 100 characters, that cannot leave its folder.
     */
    public static String safeFileName(String name) {
        if (fileNameProblem(name).isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder();
        String source = name == null ? "" : name;
        for (int i = 0; i < source.length() && sb.length() < 100; i++) {
            char c = source.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && !Character.isSurrogate(c) || c == '_' || c == '-'
                    || (c == '.' && sb.length() > 0) ? c : '_');
        }
        String safe = sb.toString().replace("..", "__");
        return safe.isEmpty() ? "unnamed" : safe;
    }

    /**
     * Text the hub itself keeps about an input (a source reference, a file path, a reason): the NUL that PostgreSQL
     * cannot hold and lone surrogates that UTF-8 cannot encode are written as {@code \\uXXXX}, and at most
     * {@code max} characters are kept. Everything else is unchanged.
     */
    public static String storable(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean bad = c == 0 || (Character.isSurrogate(c) && !pair);
            if (bad && sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format("\\u%04X", (int) c));
                } else {
                    sb.append(c);
                    if (pair) {
                        sb.append(value.charAt(++i));
                    }
                }
            } else if (pair) {
                i++;
            }
        }
        String result = sb == null ? value : sb.toString();
        return result.length() > max ? result.substring(0, max) + "… (" + result.length() + " characters)" : result;
    }

    /** A reason whose texts are {@link #storable}. */
    public static Reason storable(Reason r) {
        return Reason.of(storable(r.field(), 200), storable(r.value(), 1000), r.rule(), storable(r.message(), 2000));
    }

    private static String utf8(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("empty", "the body is empty");
        }
        return Text.strictUtf8(body).orElseThrow(() -> malformed("encoding", "body is not valid UTF-8"));
    }

    private static void surrogates(JsonNode node, String at) {
        if (node.isTextual()) {
            textProblem(at.isEmpty() ? "(body)" : at, node.textValue(), 0, false)
                    .filter(r -> r.rule().equals("invalid-unicode")).ifPresent(r -> {
                        throw new MalformedPayloadException(r);
                    });
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                textProblem("(key)", field.getKey(), 0, false).filter(r -> r.rule().equals("invalid-unicode"))
                        .ifPresent(r -> {
                            throw new MalformedPayloadException(r);
                        });
                surrogates(field.getValue(), path);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                surrogates(element, at + "[" + i++ + "]");
            }
        }
    }

    private static Reason reasonOf(JsonProcessingException e) {
        String where = where(e.getLocation());
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return Reason.of("(body)", null, "too-deep", "the JSON document is nested more than " + MAX_DEPTH
                    + " levels deep" + where);
        }
        if (e instanceof JsonParseException && original.startsWith("Duplicate field")) {
            String key = original.replaceFirst("^Duplicate field '(.*)'.*$", "$1");
            return Reason.of("(body)", shown(key), "duplicate-key", "the key '" + shown(key)
                    + "' appears twice in one object" + where);
        }
        return Reason.of("(body)", null, "malformed", "body is not valid JSON" + where + ": " + plain(original));
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A parser's message without the Java names it quotes in backticks, and without its source excerpt. */
    public static String plain(String message) {
        String first = message.lines().findFirst().orElse("");
        return shown(first.replaceAll("`[^`]*`", "a value").replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*)?", ""));
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(body)" : path;
    }

    private static String allowed(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            Object[] values = target.getEnumConstants();
            StringBuilder sb = new StringBuilder("; one of");
            for (Object v : values) {
                sb.append(' ').append(v);
            }
            return sb.toString();
        }
        return "";
    }

    private static MalformedPayloadException malformed(String rule, String message) {
        return new MalformedPayloadException(Reason.of("(body)", null, rule, message));
    }
}
