package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n", "\u3000", "\u00A0", "\uFEFF", " \u3000\u00A0\uFEFF\t "})
    void cleanTurnsNullAndBlankIntoNull(String input) {
        assertThat(Text.clean(input)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input                          | expected
            ２０２６年１１月２０日            | 2026年11月20日
            ＡＢＣＸＹＺ                      | ABCXYZ
            ａｂｃｘｙｚ                      | abcxyz
            ２０２６－１１－２０              | 2026-11-20
            "\u3000银川市\u3000"              | 银川市
            "\uFEFF银川市 "                   | 银川市
            "\u00A0ABC\u00A0"                 | ABC
            "  keep  inner   spacing  "       | "keep  inner   spacing"
            "A\u3000B"                        | "A B"
            "A\u00A0B"                        | "A B"
            宁夏回族自治区（银川）有限公司     | 宁夏回族自治区（银川）有限公司
            宁政发〔2026〕１号                | 宁政发〔2026〕1号
            "ｘ：（１）／＃"                  | "x：（1）／＃"
            plain                             | plain
            """)
    void cleanFoldsOnlyFullWidthDigitsLettersHyphenAndSpaces(String input, String expected) {
        assertThat(Text.clean(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\u3000\u3000", "\uFEFF"})
    void codeTurnsNullAndBlankIntoNull(String input) {
        assertThat(Text.code(input)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input                              | expected
            91640205ma7k8l9m0m                   | 91640205MA7K8L9M0M
            "9164 0205 MA7K 8L9M 0M"             | 91640205MA7K8L9M0M
            ９１６４０２０５ＭＡ７Ｋ８Ｌ９Ｍ０Ｍ   | 91640205MA7K8L9M0M
            "\u3000６４０２０３\u3000１９９２０７０１００２０\t" | 640203199207010020
            "64020419880516008x"                 | 64020419880516008X
            "6402\u00A00419\t880516\uFEFF008X"   | 64020419880516008X
            "11640000-mb-1234"                   | 11640000-MB-1234
            "１１６４００００－ｍｂ"              | 11640000-MB
            """)
    void codeCleansRemovesAllWhitespaceAndUpperCases(String input, String expected) {
        assertThat(Text.code(input)).isEqualTo(expected);
    }

    @Test
    void codeUpperCasesIndependentlyOfDefaultLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            // Under a Turkish default locale, String.toUpperCase() would give "İ" (U+0130) for 'i'.
            assertThat(Text.code("ma7k8l9mi")).isEqualTo("MA7K8L9MI");
        } finally {
            Locale.setDefault(original);
        }
    }
}
