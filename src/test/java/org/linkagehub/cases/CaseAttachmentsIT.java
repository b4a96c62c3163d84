package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;

/**
 * Files attached to a case over real multipart HTTP (issue 12): ZJ, which filed the case, attaches; the bureau,
 * operators and the auditor download the very bytes; another department sees no case. The tests' limits are small
 * (HubIntegrationTest): 64KB per attachment, Spring's own 256KB per file and 512KB per request.
 */
class CaseAttachmentsIT extends HubIntegrationTest {

    final ObjectMapper mapper = new ObjectMapper();

    /**
     * One part of a multipart body; {@code fileName} goes into the header as UTF-8, as browsers send it, a quoted
     * string with its quotes and backslashes escaped.
     */
    record Part(String name, String fileName, String contentType, byte[] bytes) {
        static Part file(String fileName, String contentType, byte[] bytes) {
            return new Part("file", fileName, contentType, bytes);
        }
    }

    @Test
    void theFilerAttachesEveryReaderDownloadsTheSameBytesAndTheSameFileIsOneAttachment() throws Exception {
        String caseId = file();
        byte[] pdf = bytes(40_000);
        HttpResponse<String> first = upload(caseId, "demo-zj", Part.file("整改通知书 \"第1号\".pdf", "application/pdf", pdf));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode attached = mapper.readTree(first.body());
        String attachmentId = attached.get("attachmentId").asText();
        assertThat(attached.get("sha256").asText()).isEqualTo(sha256(pdf));
        assertThat(attached.get("sizeBytes").asLong()).isEqualTo(pdf.length);
        assertThat(attached.get("fileName").asText()).isEqualTo("整改通知书 \"第1号\".pdf");

        // the same bytes again, under another name: the attachment already there, never a second one
        HttpResponse<String> again = upload(caseId, "demo-zj", Part.file("copy.pdf", "application/pdf", pdf));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(mapper.readTree(again.body()).get("attachmentId").asText()).isEqualTo(attachmentId);
        assertThat(jdbc.queryForObject("select count(*) from case_attachment where case_id = ?::uuid", Integer.class,
                caseId)).isEqualTo(1);

        // the case lists it, without its bytes
        JsonNode detail = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-zj")).body());
        assertThat(detail.get("attachments")).hasSize(1);
        JsonNode listed = detail.get("attachments").get(0);
        assertThat(listed.get("attachmentId").asText()).isEqualTo(attachmentId);
        assertThat(listed.get("sha256").asText()).isEqualTo(sha256(pdf));
        assertThat(listed.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(listed.has("body")).isFalse();

        String path = "/api/v1/cases/" + caseId + "/attachments/" + attachmentId;
        for (String reader : List.of(bearer("demo-sj"), bearer("demo-zj"), basic("operator", "operator"),
                basic("auditor", "auditor"))) {
            HttpResponse<byte[]> download = download(path, reader);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(pdf);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment;").contains("filename*=UTF-8''").doesNotContain("\r", "\n");
        }

        // another department sees no case: neither its files nor a way to attach; the bureau reads but attaches not
        assertThat(download(path, bearer("demo-yj")).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/cases/" + caseId, bearer("demo-yj")).statusCode()).isEqualTo(404);
        assertThat(upload(caseId, "demo-yj", Part.file("x.pdf", "application/pdf", bytes(10))).statusCode())
                .isEqualTo(404);
        assertThat(upload(caseId, "demo-sj", Part.file("x.pdf", "application/pdf", bytes(10))).statusCode())
                .isEqualTo(403);
        assertThat(download("/api/v1/cases/" + caseId + "/attachments/" + UUID.randomUUID(), bearer("demo-zj"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void severalFilesInOneUploadAPathInTheNameIsDroppedAndAControlCharacterRefused() throws Exception {
        String caseId = file();
        byte[] a = bytes(1000);
        byte[] b = bytes(2000);
        HttpResponse<String> both = upload(caseId, "demo-zj", Part.file("C:\\fakepath\\现场照片.jpg", "image/jpeg", a),
                Part.file("../../etc/记录.txt", "text/plain; charset=UTF-8", b));
        assertThat(both.statusCode()).as(both.body()).isEqualTo(201);
        JsonNode items = mapper.readTree(both.body()).get("items");
        assertThat(items.findValuesAsText("fileName")).containsExactly("现场照片.jpg", "记录.txt");
        assertThat(items.findValuesAsText("sha256")).containsExactly(sha256(a), sha256(b));
        assertThat(items.findValuesAsText("created")).containsExactly("true", "true");

        HttpResponse<String> control = upload(caseId, "demo-zj", Part.file("bad\u0001name.txt", "text/plain", bytes(5)));
        assertThat(control.statusCode()).as(control.body()).isEqualTo(422);
        assertThat(mapper.readTree(control.body()).get("reasons").findValuesAsText("rule")).containsExactly("file-name");
        HttpResponse<String> dots = upload(caseId, "demo-zj", Part.file("..", "text/plain", bytes(5)));
        assertThat(dots.statusCode()).as(dots.body()).isEqualTo(422);
        assertThat(jdbc.queryForObject("select count(*) from case_attachment where case_id = ?::uuid", Integer.class,
                caseId)).isEqualTo(2);

        // a forged content type is not served as such: the download is octet-stream
        HttpResponse<String> odd = upload(caseId, "demo-zj", Part.file("page.html", "nonsense", bytes(7)));
        assertThat(odd.statusCode()).as(odd.body()).isEqualTo(201);
        HttpResponse<byte[]> served = download("/api/v1/cases/" + caseId + "/attachments/"
                + mapper.readTree(odd.body()).get("attachmentId").asText(), bearer("demo-zj"));
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void tooLargeIs413WithTheHubsAnswerAlsoPastSpringsOwnLimitsAndNothingIsKept() throws Exception {
        String caseId = file();
        HttpResponse<String> over = upload(caseId, "demo-zj", Part.file("big.pdf", "application/pdf",
                bytes(64 * 1024 + 1)));
        assertThat(over.statusCode()).as(over.body()).isEqualTo(413);
        JsonNode answer = mapper.readTree(over.body());
        assertThat(answer.get("status").asInt()).isEqualTo(413);
        assertThat(answer.get("message").asText()).contains("65537 bytes", "65536");
        assertThat(answer.get("reasons").findValuesAsText("rule")).containsExactly("too-large");

        // past spring.servlet.multipart.max-file-size (256KB) and max-request-size (512KB): Spring refuses before
        // any controller, and the answer is still a 413 in ErrorAnswers' words, never a 500
        HttpResponse<String> pastFile = upload(caseId, "demo-zj", Part.file("huge.pdf", "application/pdf",
                bytes(300 * 1024)));
        assertThat(pastFile.statusCode()).as(pastFile.body()).isEqualTo(413);
        assertThat(mapper.readTree(pastFile.body()).path("message").asText()).as(pastFile.body())
                .isEqualTo("the upload is larger than the hub accepts");
        HttpResponse<String> pastRequest = upload(caseId, "demo-zj",
                Part.file("a.pdf", "application/pdf", bytes(200 * 1024)),
                Part.file("b.pdf", "application/pdf", bytes(200 * 1024)),
                Part.file("c.pdf", "application/pdf", bytes(200 * 1024)));
        assertThat(pastRequest.statusCode()).as(pastRequest.body()).isEqualTo(413);
        assertThat(mapper.readTree(pastRequest.body()).path("message").asText()).as(pastRequest.body())
                .isEqualTo("the upload is larger than the hub accepts");
        assertThat(jdbc.queryForObject("select count(*) from case_attachment where case_id = ?::uuid", Integer.class,
                caseId)).isZero();
    }

    @Test
    void aClosedCaseTakesNoNewAttachmentButAnUploadRepeatedIsTheSame() throws Exception {
        String caseId = file();
        byte[] before = bytes(3000);
        assertThat(upload(caseId, "demo-zj", Part.file("before.pdf", "application/pdf", before)).statusCode())
                .isEqualTo(201);
        var noted = post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), """
                {"outcome":"NOTED","letter":{"documentNumber":"石审批函〔2026〕9号","date":"2026-12-02","signer":"张局长"}}""");
        assertThat(noted.statusCode()).as(noted.body()).isEqualTo(200);
        assertThat(mapper.readTree(noted.body()).get("status").asText()).isEqualTo("CLOSED");

        HttpResponse<String> late = upload(caseId, "demo-zj", Part.file("late.pdf", "application/pdf", bytes(3000)));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(mapper.readTree(late.body()).get("reasons").findValuesAsText("rule")).containsExactly("closed");
        // a retry of what was attached before the case closed is answered as it was, not refused
        assertThat(upload(caseId, "demo-zj", Part.file("before.pdf", "application/pdf", before)).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from case_attachment where case_id = ?::uuid", Integer.class,
                caseId)).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNoMultipartIsRefusedWith4xxNot500() throws Exception {
        String caseId = file();
        String path = "/api/v1/cases/" + caseId + "/attachments";
        HttpResponse<String> garbage = send(path, "demo-zj", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nno end"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
        assertThat(mapper.readTree(garbage.body()).path("message").asText()).as(garbage.body())
                .isEqualTo("the multipart body cannot be read");
        HttpResponse<String> noBoundary = send(path, "demo-zj", "multipart/form-data", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(noBoundary.statusCode()).as(noBoundary.body()).isEqualTo(400);
        HttpResponse<String> noFilePart = upload(caseId, "demo-zj", new Part("other", "a.pdf", "application/pdf",
                bytes(10)));
        assertThat(noFilePart.statusCode()).as(noFilePart.body()).isEqualTo(400);
        assertThat(noFilePart.body()).contains("the part 'file' is missing");
        HttpResponse<String> json = send(path, "demo-zj", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(415);
        assertThat(upload("not-a-uuid", "demo-zj", Part.file("a.pdf", "application/pdf", bytes(10))).statusCode())
                .isEqualTo(404);
        assertThat(upload(UUID.randomUUID().toString(), "demo-zj", Part.file("a.pdf", "application/pdf", bytes(10)))
                .statusCode()).isEqualTo(404);
    }

    /** ZJ files a violation it found; the case's id. */
    private String file() throws Exception {
        var filed = post("/api/v1/cases", bearer("demo-zj"), """
                {"caseRef":"ZJ-AT-%s","type":"VIOLATION_FOUND","summary":"违规","finding":"未按图施工","foundOn":"2026-12-01",
                 "subject":{"name":"宁夏星光置业有限公司","uscc":"%s"}}""".formatted(UUID.randomUUID(), CasesIT.USCC));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        return mapper.readTree(filed.body()).get("caseId").asText();
    }

    private HttpResponse<String> upload(String caseId, String token, Part... parts) throws Exception {
        String boundary = "----linkage" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part p : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name()
                    + "\"; filename=\"" + p.fileName().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"\r\nContent-Type: " + p.contentType()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(p.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("/api/v1/cases/" + caseId + "/attachments", token, "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
    }

    private HttpResponse<String> send(String path, String token, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer(token)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> download(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random().nextBytes(b);
        return b;
    }
}
