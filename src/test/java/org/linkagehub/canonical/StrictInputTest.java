package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictInputTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,\"a\":2}                | duplicate-key",
        "{\"a\":1}{\"b\":2}               | trailing-content",
        "{\"a\":1} x                      | trailing-content",
        "{\"a\":\"\\ud800\"}              | invalid-unicode",
        "{\"\\udc00\":\"x\"}              | invalid-unicode",
        "{\"a\":[\"ok\",\"\\udfff x\"]}   | invalid-unicode",
        "{\"a\":1,}                       | malformed",
        "''                               | empty",
        "'   '                            | empty",
    })
    void refusesWhatIsNotOneStrictDocument(String body, String rule) {
        assertThatThrownBy(() -> StrictInput.json(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason().rule()).isEqualTo(rule);
                    assertThat(e.reason().message()).doesNotContain("com.fasterxml", "java.", "`");
                });
    }

    @Test
    void refusesDeepNestingAndBadBytes() {
        String deep = "[".repeat(StrictInput.MAX_DEPTH + 1) + "]".repeat(StrictInput.MAX_DEPTH + 1);
        assertThatThrownBy(() -> StrictInput.json(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.reason().rule()).isEqualTo("too-deep"));
        assertThatThrownBy(() -> StrictInput.json(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.reason().rule()).isEqualTo("encoding"));
        // a surrogate encoded as three bytes (CESU-8) is not UTF-8
        assertThatThrownBy(() -> StrictInput.json(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.reason().rule()).isEqualTo("encoding"));
    }

    @Test
    void acceptsOneDocumentWithPairsAndLineEnds() {
        assertThat(StrictInput.json("{\"a\":\"😀 a\\tb\\nc\"}\n".getBytes(StandardCharsets.UTF_8)).path("a").asText())
                .isEqualTo("😀 a\tb\nc");
    }

    record Sample(Kind kind, String text) {
        enum Kind { ONE, TWO }
    }

    @Test
    void aValueOfTheWrongKindNamesTheFieldButNoClass() {
        assertThatThrownBy(() -> StrictInput.value("{\"kind\":\"THREE\"}".getBytes(StandardCharsets.UTF_8), Sample.class))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason().rule()).isEqualTo("invalid-value");
                    assertThat(e.reason().message()).contains("'kind'", "THREE", "ONE TWO").doesNotContain("org.", "Sample");
                });
        assertThat(StrictInput.value("{\"kind\":\"ONE\",\"other\":1}".getBytes(StandardCharsets.UTF_8), Sample.class))
                .isEqualTo(new Sample(Sample.Kind.ONE, null));
    }

    @Test
    void textProblemsAreSpecificAndShowNoRawControlCharacter() {
        assertThat(StrictInput.textProblem("subject.name", "A\u0000B", 200, false)).get()
                .satisfies(r -> {
                    assertThat(r.rule()).isEqualTo("control-character");
                    assertThat(r.value()).isEqualTo("A\\u0000B");
                });
        assertThat(StrictInput.textProblem("subject.name", "A\u0085B", 200, false).get().rule()).isEqualTo("control-character");
        assertThat(StrictInput.textProblem("subject.name", "A\uD800B", 200, false).get().rule()).isEqualTo("invalid-unicode");
        assertThat(StrictInput.textProblem("x", "x".repeat(201), 200, false).get().rule()).isEqualTo("too-long");
        assertThat(StrictInput.textProblem("x", "x".repeat(201), 200, false).get().value()).hasSizeLessThan(160);
        assertThat(StrictInput.textProblem("x", "a\tb\r\nc " + "😀".repeat(190), 200, false)).isEmpty();
        assertThat(StrictInput.textProblem("subject.idNumber", "1\u0001", 18, true).get().value()).isNull();
    }

    @Test
    void fileNamesAreCheckedAndMadeSafe() {
        for (String bad : new String[] {"..\\..\\x.xml", "a/b.xml", "a\nb.xml", ".hidden.xml", "-rf.xml", "a\uFFFDb.xml",
            "x".repeat(201) + ".xml"}) {
            assertThat(StrictInput.fileNameProblem(bad)).as(bad).isPresent();
            String safe = StrictInput.safeFileName(bad);
            assertThat(safe).as(bad).doesNotContain("/", "\\", "\n", "..").doesNotStartWith(".");
            assertThat(safe.length()).isLessThanOrEqualTo(100);
        }
        for (String good : new String[] {"XK-2026-0001.xml", "石审批许〔2026〕1号 (copy).xml", "a..b.xml"}) {
            assertThat(StrictInput.fileNameProblem(good)).as(good).isEmpty();
            assertThat(StrictInput.safeFileName(good)).isEqualTo(good);
        }
    }

    @Test
    void storableTextHasNoNulAndNoLoneSurrogate() {
        assertThat(StrictInput.storable("a\u0000b\uD800c😀", 100)).isEqualTo("a\\u0000b\\uD800c😀");
        assertThat(StrictInput.storable("abc", 2)).startsWith("ab…");
    }

    @Test
    void theSchemaGivesTheLimits() {
        assertThat(FieldLimits.all()).containsEntry("documentNumber", 100).containsEntry("subject.name", 200)
                .containsEntry("source.recordId", 128).containsEntry("matter.code", 50);
        assertThat(FieldLimits.max("subject.code")).isEqualTo(18);
        assertThat(FieldLimits.max("decisionDate")).isEqualTo(FieldLimits.DEFAULT);
        assertThat(Map.of()).isEmpty();
    }
}
