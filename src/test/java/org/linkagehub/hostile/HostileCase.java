package org.linkagehub.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One row of the hostile-input corpus ({@code src/test/resources/hostile/corpus.yaml}): what is sent through which
 * intake, and what must come of it. A row either gives the whole {@code body}, or {@code set}s fields of the
 * intake's valid base record (a field set to {@code "~"} is removed); {@code file} describes an exchange-folder
 * entry (its {@code name}, a {@code link} or {@code hardlink} to a target, or a {@code deep} XML nesting).
 *
 * <p>Text is written as it is sent, with these escapes (YAML cannot hold every hostile character):
 * {@code %{U+0000}} is that UTF-16 unit (a lone surrogate too), {@code %{rep N x}} is {@code x} N times,
 * {@code %{doc}} the case's unique document number, {@code %{id}} a unique record id, {@code %{delivery}} the
 * delivery the receipt rows acknowledge, {@code %{person}} a valid ID number.
 *
 * @param intake  webhook, manual, csv, receipt-rest, receipt-queue, oa, sftp, hall, market (and, once merged,
 *                cases-rest, cases-queue)
 * @param expect  {@code status}: the HTTP answer (REST intakes); {@code outcome}: what the case's raw input became
 *                (ACCEPTED, DUPLICATE, QUARANTINED, MALFORMED, REJECTED, APPLIED, REFUSED); {@code rule}: a reason
 *                rule that must be among the case's quarantine reasons or in its receipt refusal
 */
public record HostileCase(String id, String intake, String why, String body, Map<String, String> set,
        Map<String, String> file, Expect expect) {

    public record Expect(Integer status, String outcome, String rule) {

        public boolean accepted() {
            return "ACCEPTED".equals(outcome) || "APPLIED".equals(outcome);
        }
    }

    /** A valid ID number (its check character is right): the log must never show it. */
    public static final String PERSON = "640202198503120012";
    private static final Map<String, Map<String, Object>> BASES = bases();
    private static final Pattern BYTE = Pattern.compile("%\\{byte ([0-9A-Fa-f]{2})}");
    private static final Pattern ESCAPE = Pattern.compile("%\\{(U\\+([0-9A-Fa-f]{4})|rep (\\d+) ([^}]*)|doc|id|delivery|person)}");

    public static List<HostileCase> load(String... intakes) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = HostileCase.class.getResourceAsStream("/hostile/corpus.yaml")) {
            List<HostileCase> all = yaml.readValue(in, new TypeReference<List<HostileCase>>() {
            });
            List<String> wanted = List.of(intakes);
            return all.stream().filter(c -> wanted.isEmpty() || wanted.contains(c.intake())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return intake + " " + id;
    }

    /** Per run, the values the escapes stand for. */
    public static final class Values {
        public final String doc = "石审批许〔2026〕H" + UUID.randomUUID().toString().substring(0, 8) + "号";
        public final String id = "H-" + UUID.randomUUID();
        public final String delivery;

        public Values(String delivery) {
            this.delivery = delivery;
        }

        public String expand(String text) {
            if (text == null) {
                return null;
            }
            Matcher m = ESCAPE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String token = m.group(1);
                String value;
                if (m.group(2) != null) {
                    value = String.valueOf((char) Integer.parseInt(m.group(2), 16));
                } else if (m.group(3) != null) {
                    value = m.group(4).repeat(Integer.parseInt(m.group(3)));
                } else {
                    value = switch (token) {
                        case "doc" -> doc;
                        case "id" -> id;
                        case "delivery" -> String.valueOf(delivery);
                        default -> PERSON;
                    };
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        /** {@code base} with the row's {@code set} applied (expanded); dotted keys reach into nested maps. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> apply(Map<String, Object> base, Map<String, String> set) {
            Map<String, Object> copy = deepCopy(base);
            if (set != null) {
                set.forEach((key, value) -> {
                    Map<String, Object> node = copy;
                    String[] parts = key.split("\\.");
                    for (int i = 0; i < parts.length - 1; i++) {
                        node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
                    }
                    if ("~".equals(value)) {
                        node.remove(parts[parts.length - 1]);
                    } else {
                        node.put(parts[parts.length - 1], expand(value));
                    }
                });
            }
            return copy;
        }

        /** A copy with every text expanded. */
        @SuppressWarnings("unchecked")
        private Map<String, Object> deepCopy(Map<String, Object> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m)
                    : v instanceof String text ? expand(text) : v));
            return copy;
        }

        /**
         * The text as bytes in {@code charset}, with {@code %{byte HH}} as that raw byte (for bytes that are no
         * character in any encoding).
         */
        public byte[] bytes(String text, Charset charset) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String expanded = expand(text);
            Matcher m = BYTE.matcher(expanded);
            int at = 0;
            while (m.find()) {
                out.writeBytes(expanded.substring(at, m.start()).getBytes(charset));
                out.write(Integer.parseInt(m.group(1), 16));
                at = m.end();
            }
            out.writeBytes(expanded.substring(at).getBytes(charset));
            return out.toByteArray();
        }
    }

    /**
     * JSON text written by hand, so that what a row sets arrives exactly: control characters and lone surrogates
     * as {@code \\uXXXX} escapes (a JSON writer would refuse or replace a lone surrogate).
     */
    @SuppressWarnings("unchecked")
    public static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            ((Map<String, Object>) map).forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(json(k)).append(':')
                    .append(json(v)));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            list.forEach(v -> sb.append(sb.length() > 1 ? "," : "").append(json(v)));
            return sb.append(']').toString();
        }
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        StringBuilder sb = new StringBuilder("\"");
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** An OA decision document (legacy-formats §1) with {@code ${slot}}s filled from {@code values}, verbatim. */
    public static String oaXml(Map<String, Object> values) {
        String xml = """
                <?xml version="${version}" encoding="UTF-8"?>
                <GongWen xmlns="urn:nx:oa:gongwen:1">
                  <WenHao>${WenHao}</WenHao>
                  <BiaoTi>关于准予食品经营许可的决定</BiaoTi>
                  <FaWenJiGuan daima="11640200MB1234567U">石嘴山市审批服务管理局</FaWenJiGuan>
                  <FaWenRiQi>${FaWenRiQi}</FaWenRiQi>
                  <ShiXiang bianma="640200-SPJ-SP-0031">食品经营许可</ShiXiang>
                  <XiangDuiRen leibie="法人" xinyongdaima="${xinyongdaima}"${extra}>${XiangDuiRen}</XiangDuiRen>
                  <JueDing>准予许可</JueDing>
                </GongWen>
                """;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            xml = xml.replace("${" + e.getKey() + "}", String.valueOf(e.getValue()));
        }
        return xml;
    }

    /** The content of an exchange-folder row: its body, a {@code deep} nesting, or the OA document with its set. */
    public byte[] oaContent(Values values) {
        Map<String, String> f = file == null ? Map.of() : file;
        Charset charset = f.containsKey("charset") ? Charset.forName(f.get("charset"))
                : StandardCharsets.UTF_8;
        if (f.containsKey("deep")) {
            int depth = Integer.parseInt(f.get("deep"));
            // closed only if it fits the tests' max-file-size (64KB): a parser meets the depth first either way
            boolean closed = depth * 7 < 60_000;
            return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><GongWen>" + "<a>".repeat(depth) + "x"
                    + (closed ? "</a>".repeat(depth) + "</GongWen>" : "")).getBytes(charset);
        }
        return body != null ? values.bytes(body, charset) : oaXml(values.apply(base("oa"), set)).getBytes(charset);
    }

    /** The file name a row gives its exchange-folder entry, or a unique ordinary one. */
    public String fileName(Values values) {
        return file != null && file.containsKey("name") ? values.expand(file.get("name")) : "hostile-" + values.id + ".xml";
    }

    /**
     * Checks what the row's inputs (the raw inputs stored after {@code before}) came to against {@link #expect}: kept
     * raw, the outcome, the rule, and a decision exactly when accepted.
     *
     * @return the raw inputs' ids
     */
    public List<Long> verifyStored(JdbcTemplate jdbc, long before) {
        List<Long> raws = jdbc.queryForList("select id from raw_input where id > ? order by id", Long.class, before);
        assertThat(raws).as("every input is kept raw, a refused one too").isNotEmpty();
        String ids = raws.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> outcomes = jdbc.queryForList("select outcome from raw_input where id in (" + ids + ")", String.class);
        List<String> rules = jdbc.queryForList("""
                select r->>'rule' from quarantine q, jsonb_array_elements(q.reasons) r where q.raw_input_id in (""" + ids
                + ")", String.class);
        List<String> refusals = jdbc.queryForList("select reason from receipt_refusal where raw_input_id in (" + ids + ")",
                String.class);
        if (expect.outcome() != null) {
            assertThat(outcomes).as("outcomes of the raw inputs (reasons %s %s)", rules,
                    refusals).contains(expect.outcome());
        }
        if (expect.rule() != null) {
            assertThat(rules.contains(expect.rule())
                    || refusals.stream().anyMatch(r -> r.contains("(" + expect.rule() + ")")))
                    .as("rule %s among %s / %s", expect.rule(), rules, refusals).isTrue();
        }
        int decisions = jdbc.queryForObject("select count(*) from decision where raw_input_id in (" + ids + ")",
                Integer.class);
        if (!expect.accepted()) {
            assertThat(decisions).as("a refused or quarantined row becomes no decision")
                    .isZero();
        } else if (!intake.startsWith("receipt") && !intake.startsWith("cases")) {
            assertThat(decisions).as("an accepted row becomes a decision").isPositive();
        }
        return raws;
    }

    /** The valid record an intake's rows start from ({@code hostile/bases.yaml}). */
    public static Map<String, Object> base(String intake) {
        Map<String, Object> base = BASES.get(intake.equals("sftp") ? "oa" : intake);
        if (base == null) {
            throw new IllegalArgumentException("no base record for " + intake + " in hostile/bases.yaml");
        }
        return base;
    }

    private static Map<String, Map<String, Object>> bases() {
        try (InputStream in = HostileCase.class.getResourceAsStream("/hostile/bases.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<Map<String, Map<String, Object>>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the hub has taken the exchange-folder entry {@code target} in: gone from the folder (also as a link)
     * and a raw input stored after {@code before} with its outcome.
     */
    public static void awaitTaken(JdbcTemplate jdbc, Path target, long before) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && jdbc.queryForObject("select count(*) from raw_input where id > ? and outcome <> 'RECEIVED'",
                                Integer.class, before) > 0);
    }
}
