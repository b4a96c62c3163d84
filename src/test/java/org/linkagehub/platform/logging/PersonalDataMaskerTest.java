package org.linkagehub.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataMaskerTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # 18-character resident ID: first 6 and last 4 kept
            640203197001010020                        | 640203********0020
            64020319700101002X                        | 640203********002X
            64020319700101002x                        | 640203********002x
            110101200012310017                        | 110101********0017
            "申请人身份证 640203197001010020 已核验"     | "申请人身份证 640203********0020 已核验"
            隔离原因：身份证号640203197001010020与姓名不符  | 隔离原因：身份证号640203********0020与姓名不符
            idCard=640203197001010020,                | idCard=640203********0020,
            "{""idCard"":""64020319700101002X""}"     | "{""idCard"":""640203********002X""}"
            "640203 19700101 0020"                    | "640203 ******** 0020"
            640203-19700101-0020                      | 640203-********-0020
            "640203 19700101 002X"                    | "640203 ******** 002X"
            # 15-digit old ID
            640203700101002                           | 640203*****1002
            "old ID 640203700101002."                 | "old ID 640203*****1002."
            # mobile: first 3 and last 4 kept, prefix and separators kept
            13800138000                               | 138****8000
            19912345678                               | 199****5678
            手机13800138000                           | 手机138****8000
            "mobile: 138-0013-8000"                   | "mobile: 138-****-8000"
            "138 0013 8000"                           | "138 **** 8000"
            +8613800138000                            | +86138****8000
            "+86 138 0013 8000"                       | "+86 138 **** 8000"
            +86-138-0013-8000                         | +86-138-****-8000
            8613800138000                             | 86138****8000
            0086-13800138000                          | 0086-138****8000
            (13800138000)                             | (138****8000)
            "Invalid mobile 15912345678."             | "Invalid mobile 159****5678."
            # several values in one line
            "id=640203197001010020 phone=13800138000; 13900139000" | "id=640203********0020 phone=138****8000; 139****9000"
            "640203197001010020 13800138000"          | "640203********0020 138****8000"
            "decision 0f8fad5b-d9cb-469f-a165-70867728950e: applicant 13800138000" | "decision 0f8fad5b-d9cb-469f-a165-70867728950e: applicant 138****8000"
            # all-digit USCC that reads as an ID with a real birth date: masked (documented trade-off)
            911201197001010011                        | 911201********0011
            """)
    void masks(String input, String expected) {
        assertThat(PersonalDataMasker.mask(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // Unified Social Credit Codes
            "91640205MA7K8L9M0M",
            "统一社会信用代码 91640205MA7K8L9M0M",
            "911100001000001234",                       // all digits, no birth date inside
            // UUIDs, including all-digit ones and one whose last group is a letter plus 11 digits
            "550e8400-e29b-41d4-a716-446655440000",
            "13800138-0013-8000-1380-013800138000",
            "123e4567-e89b-12d3-a456-a13800138000",
            "decision 64020319-7001-0100-2013-800138000123 delivered",
            // epoch milliseconds (13 digits), micro- and nanoseconds
            "1736900000000",
            "createdAt=1738000000000",
            "1736900000000123",
            "1736900000000123456",
            // document numbers
            "石审批许〔2026〕118号",
            "宁发改审批〔2026〕13号 received",
            // ISO dates and times
            "2026-01-15",
            "2026-01-15T10:20:30.123+08:00",
            "2026-01-15 10:20:30",
            "from 2026-01-15 2026-01-16 to 2026-12-31",
            // digits inside longer runs are not partially masked
            "12345678901234567890",
            "64020319700101002012",                     // a valid ID followed by two more digits
            "113800138000",                             // 12 digits
            "138001380001",
            "1380013800",                               // 10 digits
            // not a mobile / not an ID
            "12800138000",                              // 12x is no mobile prefix
            "640203197013010020",                       // month 13
            "640203197001320020",                       // day 32
            "640203180001010020",                       // year 18xx
            "040203197001010020",                       // region cannot start with 0
            // glued to ASCII letters (hex digests, identifiers)
            "sha256:a13800138000b640203197001010020c",
            "tel13800138000",
            // landlines are fine
            "0951-1234567",
            "010-12345678",
            "(0951) 6012345",
            "400-800-8000",
            // ordinary lines
            "",
            "Decision 42 delivered to 3 departments in 1234 ms",
            "raw input 1234567890 quarantined: schema violation at /applicant/idType"
    })
    void leavesAloneAndReturnsTheSameInstance(String input) {
        assertThat(PersonalDataMasker.mask(input)).isSameAs(input);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Decision 42 delivered",
            "石审批许〔2026〕118号",
            "2026-01-15T10:20:30.123+08:00",
            "2026-01-15 10:20:30",
            "91640205MA7K8L9M0M",
            "1380013800",
            "receipt 7f3c9a2e-1d4b-4c8e-9b1a-2f6d8e0c4a5b signed",
            "phone 138 0013 800"                        // 10 digits only
    })
    void fastPathSkipsTheRegularExpressions(String input) {
        assertThat(PersonalDataMasker.hasCandidateRun(input)).isFalse();
        assertThat(PersonalDataMasker.mask(input)).isSameAs(input);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "13800138000",
            "138-0013-8000",
            "138 0013 8000",
            "+86 138 0013 8000",
            "640203 19700101 0020",
            "1736900000000"
    })
    void candidatesTakeTheSlowPath(String input) {
        assertThat(PersonalDataMasker.hasCandidateRun(input)).isTrue();
    }

    @Test
    void nullStaysNull() {
        assertThat(PersonalDataMasker.mask(null)).isNull();
    }

    @Test
    void maskingIsIdempotent() {
        String once = PersonalDataMasker.mask("id 640203197001010020, phone +86 138-0013-8000, old 640203700101002");
        assertThat(once).isEqualTo("id 640203********0020, phone +86 138-****-8000, old 640203*****1002");
        assertThat(PersonalDataMasker.mask(once)).isSameAs(once);
    }

    @Test
    void multiLineTextIsMaskedOnEveryLine() {
        String text = "java.lang.IllegalArgumentException: ID 640203197001010020 does not match\n"
                + "\tat org.linkagehub.ingest.Intake.check(Intake.java:42)\n"
                + "Caused by: java.lang.IllegalStateException: mobile 13800138000\n";
        assertThat(PersonalDataMasker.mask(text))
                .isEqualTo("java.lang.IllegalArgumentException: ID 640203********0020 does not match\n"
                        + "\tat org.linkagehub.ingest.Intake.check(Intake.java:42)\n"
                        + "Caused by: java.lang.IllegalStateException: mobile 138****8000\n");
    }

}
