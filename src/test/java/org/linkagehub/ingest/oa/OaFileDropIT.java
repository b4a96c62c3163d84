package org.linkagehub.ingest.oa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/**
 * The OA file drop through its real interface: files written into the inbox folder the way the OA writes
 * them (NAME.xml.tmp, then renamed), read by the route {@code oa-inbox}, ending as decisions (and messages on a
 * department's queue) or in quarantine, and moved to {@code .done/} or {@code .failed/} beside a reason file.
 */
class OaFileDropIT extends HubIntegrationTest {

    static final Path INBOX = DATA_DIR.resolve("inbox/oa");
    static final Path SAMPLES = Path.of("mappings/samples/oa");

    @Test
    void everyLegacySampleEndsAsItsDecisionOrItsQuarantineReason() throws Exception {
        Map<String, Object> grant = dropAndWait("decision-grant-utf8.xml", sample("decision-grant-utf8.xml"));
        assertThat(grant).containsEntry("outcome", "ACCEPTED");
        Map<String, Object> decision = decisionOf(grant);
        assertThat(decision).containsEntry("document_number", "石审批许〔2026〕118号").containsEntry("decision_type", "GRANT")
                .containsEntry("matter_code", "640200-SPJ-SP-0031").containsEntry("subject_uscc", "91640200MA76A1B2CY")
                .containsEntry("source_system", "OA").containsEntry("version", 1);
        assertThat(decisionMapping("id = ?", grant.get("decision_id"))).isEqualTo(packagedMapping("oa"));
        assertThat(done(grant)).exists().hasBinaryContent(sample("decision-grant-utf8.xml"));
        assertThat(receiveDocument("scjg", "demo-scjg", "linkage.dept.SCJG", "石审批许〔2026〕118号").path("source")
                .path("system").asText()).isEqualTo("OA");

        Map<String, Object> revoke = dropAndWait("decision-revoke.xml", sample("decision-revoke.xml"));
        assertThat(revoke).containsEntry("outcome", "ACCEPTED");
        Map<String, Object> revoked = decisionOf(revoke);
        assertThat(revoked).containsEntry("decision_type", "REVOKE").containsEntry("supersedes", "石审批许〔2026〕118号")
                .containsEntry("version", 2).containsEntry("lineage_id", decision.get("lineage_id"));

        Map<String, Object> gbk = dropAndWait("decision-grant-commitment-gbk.xml",
                sample("decision-grant-commitment-gbk.xml"));
        assertThat(gbk).containsEntry("outcome", "ACCEPTED");
        assertThat(decisionOf(gbk)).containsEntry("subject_name", "王某某").containsEntry("subject_id_number",
                "640202198503120012").containsEntry("matter_code", "640200-SPJ-WJ-0107");
        assertThat(jdbc.queryForObject("select payload->>'commitment' from decision where id = ?", String.class,
                gbk.get("decision_id"))).isEqualTo("true");

        Map<String, Object> broken = dropAndWait("broken-no-document-number.xml",
                sample("broken-no-document-number.xml"));
        assertThat(broken).containsEntry("outcome", "QUARANTINED");
        assertThat(quarantineRules(broken)).contains("documentNumber:missing", "subject.uscc:uscc-checksum");
        assertThat(jdbc.queryForObject("select mapping_sha256 from quarantine where raw_input_id = ?", String.class,
                broken.get("id"))).isEqualTo(packagedMapping("oa").sha256());
        assertThat(failed(broken)).exists().hasBinaryContent(sample("broken-no-document-number.xml"));
        assertThat(reasonFile(broken)).content(StandardCharsets.UTF_8).contains("missing documentNumber")
                .contains("uscc-checksum");
    }

    @Test
    void gb18030WithANameOutsideGbkAndUtf8WithAByteOrderMarkAreReadAsDeclared() throws Exception {
        String applicant = "石嘴山市大武口区𠮷祥小吃店";
        byte[] gb18030 = OaFiles.grant("GB18030", OaFiles.uniqueNumber("许"), applicant)
                .getBytes(Charset.forName("GB18030"));
        Map<String, Object> row = dropAndWait(unique("gb18030"), gb18030);
        assertThat(row).containsEntry("outcome", "ACCEPTED");
        assertThat(decisionOf(row)).containsEntry("subject_name", applicant);

        byte[] gbk = OaFiles.grant("GBK", OaFiles.uniqueNumber("许"), "平罗县惠丰餐饮有限公司").getBytes(Charset.forName("GBK"));
        assertThat(decisionOf(dropAndWait(unique("gbk"), gbk))).containsEntry("subject_name", "平罗县惠丰餐饮有限公司");

        byte[] text = OaFiles.grant("UTF-8", OaFiles.uniqueNumber("许"), "石嘴山市沙湖餐饮有限公司").getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        assertThat(decisionOf(dropAndWait(unique("bom"), bom))).containsEntry("subject_name", "石嘴山市沙湖餐饮有限公司");
    }

    @Test
    void aFileStillBeingWrittenIsLeftAloneUntilRenamed() throws Exception {
        String name = unique("slow");
        Files.createDirectories(INBOX);
        Path tmp = INBOX.resolve(name + ".tmp");
        Files.writeString(tmp, OaFiles.grant("UTF-8", OaFiles.uniqueNumber("许"), "石嘴山市星海建材有限公司"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(tmp)
                && rawCount(name) == 0);
        Files.move(tmp, INBOX.resolve(name));
        assertThat(awaitOutcome(name)).containsEntry("outcome", "ACCEPTED");
    }

    @Test
    void anExternalEntityIsRefusedWithoutBeingRead() throws Exception {
        String secret = "SECRET-" + UUID.randomUUID();
        Path secretFile = Files.writeString(Files.createTempFile("oa-secret", ".txt"), secret);
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE GongWen [ <!ENTITY s SYSTEM "%s"> ]>
                <GongWen xmlns="urn:nx:oa:gongwen:1"><WenHao>&s;</WenHao><JueDing>准予许可</JueDing></GongWen>
                """.formatted(secretFile.toUri());
        Map<String, Object> row = dropAndWait(unique("xxe"), xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(row).containsEntry("outcome", "MALFORMED");
        assertThat(quarantineRules(row)).containsExactly("(body):doctype");
        assertThat(reasonFile(row)).content(StandardCharsets.UTF_8).contains("doctype").doesNotContain(secret);
        assertThat(jdbc.queryForObject("select count(*) from quarantine where reasons::text like ?", Integer.class,
                "%" + secret + "%")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from decision where payload::text like ?", Integer.class,
                "%" + secret + "%")).isZero();
        try (Stream<Path> files = Files.walk(INBOX)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".txt")))
                    .allSatisfy(p -> assertThat(Files.readString(p)).doesNotContain(secret));
        }
    }

    @Test
    void anOversizedFileIsKeptTruncatedAndQuarantined() throws Exception {
        String document = OaFiles.grant("UTF-8", OaFiles.uniqueNumber("许"), "石嘴山市星海建材有限公司");
        byte[] big = document.replace("</GongWen>", "<!--" + "x".repeat(70_000) + "--></GongWen>")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> row = dropAndWait(unique("big"), big);
        assertThat(row).containsEntry("outcome", "REJECTED").containsEntry("truncated", true);
        assertThat((byte[]) row.get("body")).isEqualTo(Arrays.copyOf(big, 64 * 1024));
        assertThat(quarantineRules(row)).containsExactly("(file):oversized");
        assertThat(failed(row)).hasBinaryContent(big);
        assertThat(reasonFile(row)).content(StandardCharsets.UTF_8).contains("oversized");
    }

    @Test
    void theSameFileAgainIsADuplicateDeliveredOnce() throws Exception {
        String doc = OaFiles.uniqueNumber("许");
        byte[] file = OaFiles.grant("UTF-8", doc, "石嘴山市星海建材有限公司").getBytes(StandardCharsets.UTF_8);
        String name = unique("twice");
        Map<String, Object> first = dropAndWait(name, file);
        Map<String, Object> second = dropAndWait(name, file);
        assertThat(first).containsEntry("outcome", "ACCEPTED");
        assertThat(second).containsEntry("outcome", "DUPLICATE").containsEntry("decision_id", first.get("decision_id"));
        assertThat(done(first)).exists();
        assertThat(done(second)).exists();
        assertThat(jdbc.queryForObject("""
                select count(*) from delivery d join decision c on c.id = d.decision_id where c.document_number = ?""",
                Integer.class, doc)).isEqualTo(1);
    }

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(SAMPLES.resolve(name));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID() + ".xml";
    }

    /** Writes the file as the OA does (NAME.xml.tmp, then a rename) and waits until the hub has moved it. */
    private Map<String, Object> dropAndWait(String name, byte[] content) throws IOException {
        Files.createDirectories(INBOX);
        int before = rawCount(name);
        Path tmp = INBOX.resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, INBOX.resolve(name));
        await().atMost(Duration.ofSeconds(30)).until(() -> rawCount(name) > before && !Files.exists(INBOX.resolve(name)));
        return latest(name);
    }

    private Map<String, Object> awaitOutcome(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rawCount(name) > 0 && !Files.exists(INBOX.resolve(name)));
        return latest(name);
    }

    private int rawCount(String name) {
        return jdbc.queryForObject("select count(*) from raw_input where source = 'oa' and source_ref = ? and outcome <> 'RECEIVED'",
                Integer.class, name);
    }

    private Map<String, Object> latest(String name) {
        return jdbc.queryForMap("""
                select id, source_ref, outcome, decision_id, truncated, body from raw_input
                where source = 'oa' and source_ref = ? order by id desc limit 1""", name);
    }

    private Map<String, Object> decisionOf(Map<String, Object> raw) {
        return jdbc.queryForMap("select * from decision where id = ?", raw.get("decision_id"));
    }

    private java.util.List<String> quarantineRules(Map<String, Object> raw) {
        return jdbc.queryForList("""
                select r->>'field' || ':' || (r->>'rule') from quarantine q, jsonb_array_elements(q.reasons) r
                where q.raw_input_id = ?""", String.class, raw.get("id"));
    }

    private static Path done(Map<String, Object> raw) {
        return INBOX.resolve(".done/" + raw.get("id") + "-" + raw.get("source_ref"));
    }

    private static Path failed(Map<String, Object> raw) {
        return INBOX.resolve(".failed/" + raw.get("id") + "-" + raw.get("source_ref"));
    }

    private static Path reasonFile(Map<String, Object> raw) {
        return INBOX.resolve(".failed/" + raw.get("id") + "-" + raw.get("source_ref") + ".reason.txt");
    }

    /** Reads the department's queue until the document arrives; returns its JSON text. */
}
