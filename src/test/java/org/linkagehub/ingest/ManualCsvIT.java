package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.canonical.MappingRef;
import org.springframework.beans.factory.annotation.Autowired;

/** Paper decisions uploaded as CSV: each row validated, deduplicated and routed like the platforms' decisions. */
class ManualCsvIT extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    /** The packaged sample with document numbers no other test uses. */
    static String sample() {
        try {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            return Files.readString(ManualCsvReaderTest.SAMPLE).replace("〕201号", "〕C" + tag + "-1号")
                    .replace("〕202号", "〕C" + tag + "-2号");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRowBecomesARoutedManualDecisionAndASecondUploadIsAllDuplicates() throws Exception {
        String csv = sample();
        JsonNode first = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv", "", 200);
        assertThat(first.path("totals").path("accepted").asInt()).isEqualTo(2);
        assertThat(first.path("charset").asText()).isEqualTo("UTF-8");
        assertThat(first.path("rows").findValuesAsText("status")).containsExactly("ACCEPTED", "ACCEPTED");
        assertThat(first.path("rows").get(1).path("row").asInt()).isEqualTo(3);

        String doc = first.path("rows").get(1).path("documentNumber").asText();
        JsonNode found = json.readTree(get("/api/v1/decisions?documentNumber="
                + java.net.URLEncoder.encode(doc, StandardCharsets.UTF_8), basic("operator", "operator")).body());
        JsonNode decision = found.path("items").get(0);
        assertThat(decision.path("source").path("system").asText()).isEqualTo("MANUAL");
        assertThat(decision.path("subject").path("idNumber").asText()).isEqualTo("640202198503120012");
        assertThat(decision.path("deliveries").get(0).path("department").asText()).isEqualTo("WJ");
        assertThat(json.treeToValue(decision.path("mapping"), MappingRef.class)).isEqualTo(packagedMapping("manual-csv"));

        JsonNode again = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv", "", 200);
        assertThat(again.path("rows").findValuesAsText("status")).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(again.path("rows").findValuesAsText("decisionIds"))
                .isEqualTo(first.path("rows").findValuesAsText("decisionIds"));
        assertThat(jdbc.queryForObject("select count(*) from decision where document_number = ?", Integer.class, doc))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select source from raw_input where id = ?", String.class,
                first.path("rawInputId").asLong())).isEqualTo("manual");
    }

    /**
     * Both versions in one chunk: the revocation is looked up only after its grant is written, joins its lineage,
     * and also goes, with the role they had, to the departments the grant went to though its own matter is another.
     */
    @Test
    void aGrantAndItsRevocationInOneUploadAreOneLineageAndTheRevocationReachesTheGrantsDepartments() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String grant = "石审批许〔2026〕G" + tag + "号";
        String revoke = "石审批许〔2026〕R" + tag + "号";
        String csv = "文号,决定类型,决定日期,事项编码,事项名称,相对人类别,相对人名称,统一社会信用代码,证件号码,证照名称,证照编号,"
                + "有效期自,有效期至,告知承诺,原文号,许可机关\n"
                + grant + ",准予许可,2026-11-24,640200-SPJ-TS-0011,特种设备使用登记,法人,宁夏沙湖餐饮管理有限公司,"
                + "91640205MA7K8L9M0M,,特种设备使用登记证,TS16402050001234,2026-11-24,2031-11-23,否,,石嘴山市审批服务管理局\n"
                + revoke + ",撤销,2026-11-26,640200-SPJ-JT-0045,道路货物运输经营许可,法人,宁夏沙湖餐饮管理有限公司,"
                + "91640205MA7K8L9M0M,,特种设备使用登记证,TS16402050001234,2026-11-24,2031-11-23,否," + grant
                + ",石嘴山市审批服务管理局\n";
        JsonNode first = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv", "", 200);
        assertThat(first.path("rows").findValuesAsText("status")).containsExactly("ACCEPTED", "ACCEPTED");

        var versions = jdbc.queryForList("""
                select document_number, version, decision_type, supersedes, lineage_id::text as lineage from decision
                where document_number in (?, ?) order by version""", grant, revoke);
        assertThat(versions).extracting(v -> v.get("document_number") + " v" + v.get("version") + " "
                + v.get("decision_type") + " " + v.get("supersedes"))
                .containsExactly(grant + " v1 GRANT null", revoke + " v2 REVOKE " + grant);
        assertThat(versions.get(1).get("lineage")).isEqualTo(versions.get(0).get("lineage"));
        assertThat(jdbc.queryForList("""
                select l.department || ' ' || l.role || ' ' || l.routing_rule from delivery l
                join decision d on d.id = l.decision_id where d.document_number = ? order by l.created_at, l.role,
                l.department""", String.class, revoke)).containsExactlyInAnyOrder(
                        "JT PRIMARY 640200-SPJ-JT-0045 石审管备〔2020〕9号",
                        "SCJG PRIMARY lineage " + versions.get(0).get("lineage") + " (an earlier version went here)",
                        "YJ ASSIST lineage " + versions.get(0).get("lineage") + " (an earlier version went here)");
    }

    @Test
    void aBadRowIsQuarantinedBesideTheGoodOnesAndCanBeFoundByItsRow() throws Exception {
        String csv = sample() + "石审批许〔2026〕C" + UUID.randomUUID().toString().substring(0, 8)
                + "号,准予许可,2026年11月31日,640200-SPJ-SP-0031,食品经营许可,法人,宁夏沙湖餐饮管理有限公司,91640205MA7K8L9M0N,,,,,,,,\r\n";
        JsonNode result = upload(("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8), "text/csv", "", 200);
        assertThat(result.path("rows").findValuesAsText("status")).containsExactly("ACCEPTED", "ACCEPTED", "QUARANTINED");
        JsonNode bad = result.path("rows").get(2);
        assertThat(bad.path("reasons").findValuesAsText("rule")).containsExactlyInAnyOrder("date", "uscc-checksum");
        assertThat(result.path("totals").path("quarantined").asInt()).isEqualTo(1);
        Long quarantineId = jdbc.queryForObject("select id from quarantine where source = 'manual-csv' and source_ref = ?",
                Long.class, bad.path("recordId").asText());

        var replayed = post("/api/v1/quarantine/" + quarantineId + "/replay", basic("operator", "operator"), "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        JsonNode item = json.readTree(replayed.body());
        assertThat(item.path("status").asText()).isEqualTo("REPLAYED");
        assertThat(item.path("replayedAs").path("reasons").findValuesAsText("rule"))
                .as("the row alone is replayed, still with its reasons").containsExactlyInAnyOrder("date", "uscc-checksum");
        assertThat(json.treeToValue(item.path("mapping"), MappingRef.class)).as("the row's mapping refused it")
                .isEqualTo(packagedMapping("manual-csv"));
    }

    @Test
    void aGb18030FileIsDetectedAndAMultipartUploadWorksToo() throws Exception {
        String csv = sample().replace("宁夏沙湖餐饮管理有限公司", "宁夏䶮昇餐饮管理有限公司");
        byte[] gb = csv.getBytes(ManualCsvReader.GB18030);
        String boundary = "----linkage" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"批量.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + gb.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(gb, 0, body, head.length, gb.length);
        System.arraycopy(tail, 0, body, head.length + gb.length, tail.length);
        JsonNode result = upload(body, "multipart/form-data; boundary=" + boundary, "", 200);
        assertThat(result.path("charset").asText()).isEqualTo("GB18030");
        assertThat(result.path("totals").path("accepted").asInt()).isEqualTo(2);
        String doc = result.path("rows").get(0).path("documentNumber").asText();
        assertThat(jdbc.queryForObject("select subject_name from decision where document_number = ?", String.class, doc))
                .isEqualTo("宁夏䶮昇餐饮管理有限公司");
    }

    @Test
    void aFileWithoutAMandatoryColumnIsRefusedWholeAndKept() throws Exception {
        String csv = sample().replaceFirst("文号,", "").replaceAll("(?m)^石审批许〔2026〕[^,]+,", "");
        JsonNode result = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv", "", 400);
        assertThat(result.path("refused").findValuesAsText("rule")).containsExactly("missing-column");
        assertThat(result.path("refused").get(0).path("field").asText()).isEqualTo("documentNumber");
        assertThat(jdbc.queryForObject("select outcome from raw_input where id = ?", String.class,
                result.path("rawInputId").asLong())).isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("select count(*) from quarantine where raw_input_id = ?", Integer.class,
                result.path("rawInputId").asLong())).isEqualTo(1);
        assertThat(jdbc.queryForObject("select mapping_name from quarantine where raw_input_id = ?", String.class,
                result.path("rawInputId").asLong())).as("refused before any mapping read a row").isNull();
    }

    @Test
    void onlyOperatorsMayUpload() {
        HttpResponse<String> response = send(sample().getBytes(StandardCharsets.UTF_8), "text/csv", "",
                basic("auditor", "auditor"));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private JsonNode upload(byte[] body, String contentType, String query, int status) throws IOException {
        HttpResponse<String> response = send(body, contentType, query, basic("operator", "operator"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(byte[] body, String contentType, String query, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/decisions/manual/csv" + query))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
