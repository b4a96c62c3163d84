package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.linkagehub.canonical.Reason;

/** A CSV upload read into rows: encodings, quoting, header names, and the problems that refuse a whole file. */
class ManualCsvReaderTest {

    static final Path SAMPLE = Path.of("mappings/samples/manual-csv/upload-utf8.csv");
    static final String SHA = "3f0c2a9d41b7" + "0".repeat(52);
    final ObjectMapper json = new ObjectMapper();

    @Test
    void theSampleReadsAsTheRowsTheMappingSamplesShow() throws IOException {
        ManualCsvReader.Result result = ManualCsvReader.read(Files.readAllBytes(SAMPLE), null, SHA, json);
        assertThat(result.problems()).isEmpty();
        assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(result.rows()).hasSize(2);
        assertThat((JsonNode) result.rows().get(0))
                .isEqualTo(json.readTree(Path.of("mappings/samples/manual-csv/row-grant-organisation.json").toFile()));
        ObjectNode quoted = result.rows().get(1);
        assertThat(quoted.path("row").asText()).isEqualTo("csv:3f0c2a9d41b7:3");
        assertThat(quoted.path("subjectName").asText()).isEqualTo("石嘴山市大武口区某某诊所（\"星海\"分部）");
        assertThat(quoted.has("uscc")).as("an empty cell is no value").isFalse();
    }

    @Test
    void aByteOrderMarkAndGb18030AreReadAlike() throws IOException {
        String text = Files.readString(SAMPLE).replace("宁夏沙湖餐饮管理有限公司", "宁夏䶮昇餐饮管理有限公司");
        byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        byte[] gb = text.getBytes(ManualCsvReader.GB18030);
        ManualCsvReader.Result utf8 = ManualCsvReader.read(bom, null, SHA, json);
        ManualCsvReader.Result gb18030 = ManualCsvReader.read(gb, null, SHA, json);
        assertThat(gb18030.charset()).isEqualTo(ManualCsvReader.GB18030);
        assertThat(gb18030.rows()).isEqualTo(utf8.rows());
        assertThat(utf8.rows().get(0).path("subjectName").asText()).isEqualTo("宁夏䶮昇餐饮管理有限公司");
        assertThat(utf8.rows().get(0).path("documentNumber").asText()).isEqualTo("石审批许〔2026〕201号");
    }

    @Test
    void aNamedCharsetWinsOverDetection() {
        byte[] gbk = "文号,决定类型,决定日期,事项编码,相对人名称,证件号码\r\n石审批许〔2026〕9号,许可,2026-11-24,640200-SPJ-WJ-0107,张三,640202198503120012\r\n"
                .getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(ManualCsvReader.read(gbk, "GBK", SHA, json).rows()).singleElement()
                .satisfies(row -> assertThat(row.path("subjectName").asText()).isEqualTo("张三"));
        assertThat(ManualCsvReader.read(gbk, "UTF-8", SHA, json).problems()).extracting(Reason::rule)
                .containsExactly("encoding");
        assertThat(ManualCsvReader.read(gbk, "no-such-charset", SHA, json).problems()).extracting(Reason::rule)
                .containsExactly("charset");
    }

    @Test
    void englishHeadersInAnyOrderAndCaseAreAccepted() {
        byte[] csv = ("SubjectName,idNumber,documentNumber,DECISIONTYPE,decisionDate,matterCode\n"
                + "x,640202198503120012,D1,GRANT,2026-11-24,640200-SPJ-WJ-0107\n").getBytes(StandardCharsets.UTF_8);
        ManualCsvReader.Result result = ManualCsvReader.read(csv, null, SHA, json);
        assertThat(result.problems()).isEmpty();
        assertThat(result.rows().get(0).path("decisionType").asText()).isEqualTo("GRANT");
    }

    @Test
    void aMissingMandatoryOrUnknownColumnRefusesTheFile() {
        byte[] csv = "决定类型,决定日期,事项编码,相对人名称,证件号码,备注\n许可,2026-11-24,640200-SPJ-WJ-0107,张三,640202198503120012,x\n"
                .getBytes(StandardCharsets.UTF_8);
        ManualCsvReader.Result result = ManualCsvReader.read(csv, null, SHA, json);
        assertThat(result.rows()).isEmpty();
        assertThat(result.problems()).extracting(Reason::field, Reason::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("备注", "unknown-column"),
                org.assertj.core.groups.Tuple.tuple("documentNumber", "missing-column"));
    }

    @Test
    void anUnclosedQuoteIsMalformed() {
        byte[] csv = "文号,决定类型,决定日期,事项编码,相对人名称,证件号码\n\"D1,许可,2026-11-24,640200-SPJ-WJ-0107,张三,640202198503120012\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ManualCsvReader.read(csv, null, SHA, json).problems()).extracting(Reason::rule)
                .containsExactly("malformed");
    }
}
