package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The foundation's flow through every real layer: a signed webhook becomes a decision, a department's own
 * system reads it from its queue over the network, signs for it, and the status is queryable.
 */
class ProjectApprovalFlowIT extends HubIntegrationTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String ZJ_MATTER = "640200-SPJ-ZJ-0008";

    @Autowired
    ObjectMapper json;
    @Autowired
    SourceMonitor monitor;

    static String event(String eventId, String type, String documentNumber, String previous, String matter, String uscc) {
        return """
                {"eventId":"%s","eventType":"%s","xmdm":"2026-640200-47-01-012345","xmmc":"石嘴山市大武口区星光花园二期住宅项目",\
                "spsxbm":"%s","spsxmc":"建筑工程施工许可证核发","spbmmc":"石嘴山市审批服务管理局","pfwh":"%s","pfrq":"20261121",\
                "jsdw":"宁夏星光置业有限公司","jsdwdm":"%s","yxq":"","ywh":"%s"}
                """.formatted(eventId, type, matter, documentNumber, uscc, previous == null ? "" : previous);
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void signedEventReachesBothDepartmentsAndCanBeSignedFor() throws Exception {
        String doc = "石审批建许〔2026〕" + unique("F") + "号";
        long recordsBefore = monitor.status(ProjectApprovalWebhook.SOURCE).orElseThrow().records();
        var response = postSigned(event(unique("EV"), "APPROVED", doc, null, ZJ_MATTER, "91640205MA7K8L9M0M"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("code").asInt()).isZero();
        SourceMonitor.SourceStatus source = monitor.status(ProjectApprovalWebhook.SOURCE).orElseThrow();
        assertThat(source.records()).as("the event counts in the source's health and metrics").isGreaterThan(recordsBefore);
        assertThat(source.newestRecordAt()).as("the platform's timestamp of the event").isNotNull();

        JsonNode primary = receiveDocument("zj", "demo-zj", "linkage.dept.ZJ", doc);
        JsonNode assist = receiveDocument("yj", "demo-yj", "linkage.dept.YJ", doc);
        assertThat(primary.path("role").asText()).isEqualTo("PRIMARY");
        assertThat(primary.path("department").asText()).isEqualTo("ZJ");
        assertThat(primary.path("decisionType").asText()).isEqualTo("GRANT");
        assertThat(primary.path("decisionDate").asText()).isEqualTo("2026-11-21");
        assertThat(primary.path("subject").path("uscc").asText()).isEqualTo("91640205MA7K8L9M0M");
        assertThat(primary.path("source").path("system").asText()).isEqualTo("PROJECT_APPROVAL");
        assertThat(primary.path("signDueAt").asText()).endsWith("+08:00");
        assertThat(assist.path("role").asText()).isEqualTo("ASSIST");
        assertThat(assist.path("decisionId").asText()).isEqualTo(primary.path("decisionId").asText());
        String deliveryId = primary.path("deliveryId").asText();

        var signed = post("/api/v1/deliveries/" + deliveryId + "/receipt", bearer("demo-zj"),
                "{\"status\":\"SIGNED\",\"signedBy\":\"王科长\",\"note\":\"已签收\"}");
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(signed.body()).path("status").asText()).isEqualTo("SIGNED");

        JsonNode found = json.readTree(get("/api/v1/decisions?documentNumber=" + encode(doc),
                basic("operator", "operator")).body());
        assertThat(found.path("total").asInt()).isEqualTo(1);
        JsonNode deliveries = found.path("items").get(0).path("deliveries");
        assertThat(deliveries).hasSize(2);
        JsonNode zj = deliveries.get(0).path("department").asText().equals("ZJ") ? deliveries.get(0) : deliveries.get(1);
        assertThat(zj.path("deliveryId").isTextual()).isTrue();
        assertThat(zj.path("status").asText()).isEqualTo("SIGNED");
        assertThat(zj.path("overdue").asBoolean()).isFalse();
        // DELIVERED (the consumer's read, reported by the broker) may come before the receipt or not at all after it
        assertThat(zj.path("history").findValuesAsText("status")).filteredOn(s -> !s.equals("DELIVERED"))
                .containsExactly("PENDING", "DISPATCHED", "SIGNED");
        JsonNode signedEvent = zj.path("history").get(zj.path("history").size() - 1);
        assertThat(signedEvent.path("status").asText()).isEqualTo("SIGNED");
        assertThat(signedEvent.path("actor").asText()).contains("ZJ").contains("王科长");
    }

    @Test
    void theSameEventTwiceIsOneDecisionDeliveredOnce() throws Exception {
        String doc = "石审批建许〔2026〕" + unique("D") + "号";
        String body = event(unique("EV"), "APPROVED", doc, null, "640200-SPJ-HB-0012", "91640221MA7D4E5F6N");
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        var again = postSigned(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("outcome").asText()).isEqualTo("DUPLICATE");

        assertThat(jdbc.queryForObject("select count(*) from decision where document_number = ?", Integer.class, doc))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from raw_input where outcome = 'DUPLICATE' and decision_id = "
                + "(select id from decision where document_number = ?)", Integer.class, doc)).isEqualTo(1);
        assertThat(decisionMapping("document_number = ?", doc)).isEqualTo(packagedMapping("project-approval"));
        assertThat(receiveDocument("sthj", "demo-sthj", "linkage.dept.STHJ", doc).has("mapping"))
                .as("the hub's bookkeeping, not part of the canonical decision").isFalse();
        assertThat(jdbc.queryForObject("""
                select count(*) from delivery d join decision c on c.id = d.decision_id where c.document_number = ?""",
                Integer.class, doc)).isEqualTo(1);
    }

    @Test
    void aChangeBecomesTheNextVersionOfTheSameLineageInOrder() throws Exception {
        String original = "石审批建许〔2026〕" + unique("V") + "号";
        String changed = original.replace("号", "-1号");
        assertThat(postSigned(event(unique("EV"), "APPROVED", original, null, ZJ_MATTER, "91640205MA7K8L9M0M"))
                .statusCode()).isEqualTo(200);
        assertThat(postSigned(event(unique("EV"), "CHANGED", changed, original, ZJ_MATTER, "91640205MA7K8L9M0M"))
                .statusCode()).isEqualTo(200);

        List<JsonNode> received = receiveDocuments("zj", "demo-zj", "linkage.dept.ZJ", List.of(original, changed));
        assertThat(received).extracting(n -> n.path("documentNumber").asText()).containsExactly(original, changed);
        assertThat(received.get(1).path("version").asInt()).isEqualTo(2);
        assertThat(received.get(1).path("decisionType").asText()).isEqualTo("CHANGE");
        assertThat(received.get(1).path("supersedes").asText()).isEqualTo(original);
        assertThat(received.get(1).path("lineageId").asText()).isEqualTo(received.get(0).path("lineageId").asText());
    }

    @Test
    void theSharedSampleIsMappedAsTheNotesDescribe() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("mappings/samples/project-approval/event-changed.json"));
        // the samples share document numbers with other tests' fixtures only by design of the notes: make it unique
        String text = new String(sample, StandardCharsets.UTF_8).replace("GCJS-EV-20261125-000007", unique("EV"))
                .replace("56-1号", unique("S") + "号");
        var response = postSigned(text);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("outcome").asText()).isEqualTo("ACCEPTED");
    }

    /**
     * The platform's own three sample events, verbatim and in the order the platform sent them, through the signed
     * webhook: each reaches its departments' queues as the decision its committed expected output describes (the
     * catalog test checks the mapping alone; this checks the whole way). The change is version 2 of the grant's
     * lineage; the revocation of a grant the hub never saw starts a lineage of its own and is still delivered.
     */
    @Test
    void theSharedSampleEventsReachTheirDepartmentsAsTheirExpectedDecisions() throws Exception {
        Path samples = Path.of("mappings/samples/project-approval");
        for (String sample : List.of("event-approved", "event-changed", "event-revoked")) {
            var response = postSigned(Files.readString(samples.resolve(sample + ".json")));
            assertThat(response.statusCode()).as(sample).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("outcome").asText()).as(sample).isEqualTo("ACCEPTED");
        }
        JsonNode approved = json.readTree(samples.resolve("event-approved.expected.json").toFile());
        JsonNode changed = json.readTree(samples.resolve("event-changed.expected.json").toFile());
        JsonNode revoked = json.readTree(samples.resolve("event-revoked.expected.json").toFile());

        List<JsonNode> zj = receiveDocuments("zj", "demo-zj", "linkage.dept.ZJ",
                List.of(approved.path("documentNumber").asText(), changed.path("documentNumber").asText()));
        assertCarries(zj.get(0), approved);
        assertCarries(zj.get(1), changed);
        assertThat(zj.get(1).path("version").asInt()).isEqualTo(2);
        assertThat(zj.get(1).path("lineageId").asText()).isEqualTo(zj.get(0).path("lineageId").asText());
        JsonNode sthj = receiveDocument("sthj", "demo-sthj", "linkage.dept.STHJ", revoked.path("documentNumber").asText());
        assertCarries(sthj, revoked);
        assertThat(sthj.path("role").asText()).isEqualTo("PRIMARY");
        assertThat(jdbc.queryForList("""
                select d.department || ' ' || d.role from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? order by d.role desc""", String.class,
                revoked.path("documentNumber").asText())).containsExactly("STHJ PRIMARY", "ZRZY ASSIST");
    }

    /** Every field of the expected decision is in the delivered message with the same value; receivedAt is now. */
    private static void assertCarries(JsonNode message, JsonNode expected) {
        expected.fields().forEachRemaining(field -> {
            if (field.getValue().isObject()) {
                assertCarries(message.path(field.getKey()), field.getValue());
            } else if (!field.getKey().equals("receivedAt")) {
                assertThat(message.path(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
            }
        });
    }

    @Test
    void aForgedSignatureIsRefusedButKept() throws Exception {
        byte[] body = event(unique("EV"), "APPROVED", "石审批建许〔2026〕" + unique("X") + "号", null, ZJ_MATTER,
                "91640205MA7K8L9M0M").getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis());
        var response = postSigned(body, timestamp, WebhookSignature.sign("not-the-secret", timestamp, body));
        assertThat(response.statusCode()).isEqualTo(401);
        long rawId = json.readTree(response.body()).path("rawInputId").asLong();
        assertThat(jdbc.queryForObject("select body from raw_input where id = ?", byte[].class, rawId)).isEqualTo(body);
        assertThat(jdbc.queryForObject("select reasons->0->>'rule' from quarantine where raw_input_id = ?",
                String.class, rawId)).isEqualTo("signature");
    }

    @Test
    void aMissingSignatureIsRefused() {
        var response = postSigned("{}".getBytes(StandardCharsets.UTF_8), Long.toString(System.currentTimeMillis()), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("missing X-Gcjs-Signature");
    }

    @Test
    void aStaleTimestampIsRefusedEvenWhenSignedWell() {
        byte[] body = event(unique("EV"), "APPROVED", "石审批建许〔2026〕" + unique("T") + "号", null, ZJ_MATTER,
                "91640205MA7K8L9M0M").getBytes(StandardCharsets.UTF_8);
        String stale = Long.toString(System.currentTimeMillis() - Duration.ofMinutes(6).toMillis());
        var response = postSigned(body, stale, WebhookSignature.sign(SECRET, stale, body));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("away from the hub's clock");
    }

    @Test
    void malformedJsonIsA400WithTheReasonAndItsBytesAreKept() throws Exception {
        byte[] body = "{\"eventId\":\"EV-broken\",\"eventType\":".getBytes(StandardCharsets.UTF_8);
        var response = postSigned(body);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("msg").asText()).startsWith("body is not valid JSON at line 1");
        assertThat(jdbc.queryForObject("select body from raw_input where id = ?", byte[].class,
                answer.path("rawInputId").asLong())).isEqualTo(body);
    }

    @Test
    void aWellFormedEventWithABadUsccIsQuarantinedAndAnswered200() throws Exception {
        String eventId = unique("EV");
        var response = postSigned(event(eventId, "APPROVED", "石审批建许〔2026〕" + unique("Q") + "号", null, ZJ_MATTER,
                "91640205MA7K8L9M0N"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("code").asInt()).isZero();
        assertThat(answer.path("outcome").asText()).isEqualTo("QUARANTINED");
        JsonNode reasons = json.readTree(jdbc.queryForObject(
                "select reasons::text from quarantine where source_ref = ?", String.class, eventId));
        assertThat(reasons.get(0).path("field").asText()).isEqualTo("subject.uscc");
        assertThat(reasons.get(0).path("rule").asText()).isEqualTo("uscc-checksum");
        assertThat(reasons.get(0).path("message").asText()).contains("check character should be 'M'");
    }

    @Test
    void aMatterNoMemorandumCoversIsQuarantined() throws Exception {
        String eventId = unique("EV");
        var response = postSigned(event(eventId, "APPROVED", "石审批建许〔2026〕" + unique("N") + "号", null,
                "640200-SPJ-XX-9999", "91640205MA7K8L9M0M"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select reasons->0->>'rule' from quarantine where source_ref = ?", String.class,
                eventId)).isEqualTo("no-route");
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
