package org.linkagehub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linkagehub.PushEndpoints;
import org.linkagehub.deadlines.Deadlines;
import org.linkagehub.delivery.Notices;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.Queues;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A case is carried and chased like a delivery (issue 12, item 3), through the real interfaces: the bureau (SJ)
 * signs for it by REST and by its queue (CORE) and no one else may; the bureau is warned on its queue before the
 * reply deadline, once; WJ (browser channel) reads the bureau's reply on its pull feed; ZRZY (http channel) gets the
 * reply pushed, signed, to its endpoint — a real HTTP server started here on the test hub's push port.
 */
class CaseChannelsIT extends CaseTestSupport {

    static final String SIGNED = "{\"status\":\"SIGNED\",\"signedBy\":\"王科员\",\"note\":\"已收到\"}";
    /** What ZRZY's endpoint received: headers of interest and the body, for pushes whose signature held. */
    static final Queue<Map<String, String>> PUSHED = new ConcurrentLinkedQueue<>();
    static final Queue<String> BAD_SIGNATURES = new ConcurrentLinkedQueue<>();
    static PushEndpoints endpoints;

    @Autowired
    CaseService cases;
    @Autowired
    RawInputStore raw;
    @Autowired
    QuarantineStore quarantine;
    @Autowired
    DepartmentRegistry departments;
    @Autowired
    Deadlines deadlines;
    @Autowired
    Json json;
    @Autowired
    Clock clock;
    @Autowired
    Notices notices;
    @Autowired
    TransactionTemplate transaction;

    @BeforeAll
    static void zrzyEndpoint() throws IOException {
        endpoints = PushEndpoints.start(List.of("ZRZY"), CaseChannelsIT::receive);
    }

    @AfterAll
    static void stop() {
        endpoints.close();
    }

    static void receive(String department, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        var problem = WebhookSignature.problem(PUSH_SECRET, headers.getFirst("X-Linkage-Timestamp"),
                headers.getFirst("X-Linkage-Signature"), body, Instant.now(), Duration.ofMinutes(5));
        if (problem.isPresent()) {
            BAD_SIGNATURES.add(problem.get());
        } else {
            PUSHED.add(Map.of("type", String.valueOf(headers.getFirst("X-Linkage-Message-Type")),
                    "messageId", String.valueOf(headers.getFirst("X-Linkage-Message-Id")),
                    "caseId", String.valueOf(headers.getFirst("X-Linkage-Case-Id")),
                    "deliveryId", String.valueOf(headers.getFirst("X-Linkage-Delivery-Id")),
                    "body", new String(body, StandardCharsets.UTF_8)));
        }
        exchange.sendResponseHeaders(problem.isPresent() ? 401 : 200, -1);
        exchange.close();
    }

    @Test
    void theBureauSignsForACaseByRestOnceAndNoOneElseMay() throws Exception {
        String caseId = fileViolation("demo-zj", "ZJ-QS-" + shortId()).get("caseId").asText();
        String path = "/api/v1/cases/" + caseId + "/receipt";

        assertThat(post(path, bearer("demo-zj"), SIGNED).statusCode()).as("the filer").isEqualTo(403);
        assertThat(post(path, bearer("demo-yj"), SIGNED).statusCode()).as("another department").isEqualTo(403);
        assertThat(post(path, basic("operator", "operator"), SIGNED).statusCode()).as("an operator").isEqualTo(403);
        var returned = post(path, bearer("demo-sj"), "{\"status\":\"RETURNED\"}");
        assertThat(returned.statusCode()).as("a case is signed for, not returned").isEqualTo(400);
        assertThat(post(path, bearer("demo-sj"), "{\"status\":\"SIGNED\"").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/cases/" + UUID.randomUUID() + "/receipt", bearer("demo-sj"), SIGNED).statusCode())
                .isEqualTo(404);
        assertThat(status(caseId)).isEqualTo("OPEN");
        assertThat(jdbc.queryForList("select reason from receipt_refusal where delivery_id = ?", String.class, caseId))
                .anyMatch(r -> r.contains("only the status SIGNED"));

        var signed = post(path, bearer("demo-sj"), SIGNED);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(mapper.readTree(signed.body()).get("status").asText()).isEqualTo("SIGNED");
        assertThat(mapper.readTree(signed.body()).get("signed").asBoolean()).isTrue();
        var again = post(path, bearer("demo-sj"), SIGNED);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(again.body()).get("signed").asBoolean()).as("a repeat changes nothing").isFalse();

        JsonNode detail = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-zj")).body());
        assertThat(detail.at("/case/status").asText()).isEqualTo("SIGNED");
        assertThat(detail.get("history").findValuesAsText("status")).containsExactly("OPEN", "SIGNED");
        assertThat(detail.at("/history/1/actor").asText()).isEqualTo("dept:SJ (王科员)");
        assertThat(detail.at("/history/1/note").asText()).isEqualTo("已收到");

        // a signed case is answered as any other, and not signed twice
        assertThat(post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), "{\"outcome\":\"NOTED\"}")
                .statusCode()).isEqualTo(200);
        JsonNode replied = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-sj")).body());
        assertThat(replied.get("history").findValuesAsText("status")).containsExactly("OPEN", "SIGNED", "REPLIED",
                "CLOSED");
        var late = post(path, bearer("demo-sj"), SIGNED);
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(late.body()).get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void theBureauSignsForACaseOnItsQueueAndAnotherDepartmentsReceiptIsRefused() throws Exception {
        String caseId = fileViolation("demo-zj", "ZJ-QQ-" + shortId()).get("caseId").asText();
        // ZJ filed the case but is not its bureau: its receipt, on its own address, is kept and refused
        send("zj", "demo-zj", "ZJ", "{\"caseId\":\"" + caseId + "\",\"status\":\"SIGNED\"}");
        assertThat(await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                "select sender || ': ' || reason from receipt_refusal where delivery_id = ?", String.class, caseId),
                r -> !r.isEmpty()).get(0)).startsWith("zj: ").contains("only its bureau signs for it");
        assertThat(status(caseId)).isEqualTo("OPEN");

        send("sj", "demo-sj", "SJ", "{\"caseId\":\"" + caseId + "\",\"status\":\"SIGNED\",\"signedBy\":\"王科员\","
                + "\"at\":\"2026-12-02T09:00:00+08:00\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(caseId), "SIGNED"::equals);
        JsonNode detail = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-sj")).body());
        assertThat(detail.at("/history/1/actor").asText()).isEqualTo("queue:sj (王科员)");
        assertThat(detail.at("/history/1/note").asText()).startsWith("(department's time 2026-12-02T");
    }

    @Test
    void theBureauIsWarnedOnceOnItsQueueBeforeTheReplyDeadline() throws Exception {
        String caseRef = "ZJ-YJ-" + shortId();
        JsonNode filed = fileViolation("demo-zj", caseRef);
        String caseId = filed.get("caseId").asText();
        Instant due = Instant.parse(filed.get("replyDueAt").asText());
        Instant warnAt = jdbc.queryForObject("select warn_at from case_file where id = ?::uuid", Timestamp.class,
                caseId).toInstant();
        assertThat(warnAt).as("warned at the start of the last working day (5wd)").isBefore(due)
                .isAfter(Instant.now());

        cases.warnNear(Instant.now());
        assertThat(warned(caseId)).as("too early").isZero();
        cases.warnNear(warnAt);
        JsonNode warning = caseMessage("sj", "demo-sj", "SJ", caseId, "WARNING");
        assertThat(warning.get("deadline").asText()).isEqualTo("CASE_REPLY");
        assertThat(warning.get("caseRef").asText()).isEqualTo(caseRef);
        assertThat(warning.get("replyDueAt").asText()).isNotBlank();
        assertThat(warning.get("type").asText()).isEqualTo("VIOLATION_FOUND");
        cases.warnNear(due.minusSeconds(1));
        assertThat(warned(caseId)).as("once per case").isEqualTo(1);

        // past its deadline a case is escalated, not warned
        String late = fileViolation("demo-zj", "ZJ-YJ-" + shortId()).get("caseId").asText();
        cases.warnNear(Instant.now().plus(Duration.ofDays(60)));
        assertThat(warned(late)).isZero();
    }

    /**
     * The real deadline-scan route, on a case whose reply deadline is 20 s: the bureau's WARNING comes on its queue
     * after 80 % of it and before the deadline, then the oversight office's ESCALATION once it passed. The drill's
     * deadline needs {@code linkage.cases.reply-within=PT20S}, which the hub reads at start; a test context of its
     * own would need its own broker, database and ports (HubIntegrationTest's are one per JVM), so the case is filed
     * through a second, real CaseService built with that setting, over the hub's own beans and transaction.
     */
    @Test
    void withA20SecondReplyDeadlineTheScanWarnsTheBureauBeforeItAndEscalatesAfter() throws Exception {
        CaseService drill = new CaseService(jdbc, raw, quarantine, departments, deadlines, json, clock, notices, List.of(), "PT20S");
        String caseRef = "ZJ-DR-" + shortId();
        CaseService.Filing filed = transaction.execute(tx -> drill.file("ZJ",
                violation(caseRef).getBytes(StandardCharsets.UTF_8), "REST", "dept:ZJ"));
        assertThat(filed.accepted()).as(String.valueOf(filed.reasons())).isTrue();
        String caseId = filed.caseId().toString();

        JsonNode warning = caseMessage("sj", "demo-sj", "SJ", caseId, "WARNING");
        assertThat(Instant.now()).as("warned before the deadline").isBefore(filed.replyDueAt());
        assertThat(warning.get("deadline").asText()).isEqualTo("CASE_REPLY");
        assertThat(warning.get("caseRef").asText()).isEqualTo(caseRef);
        Instant warnedAt = jdbc.queryForObject("select warned_at from case_file where id = ?::uuid",
                Timestamp.class, caseId).toInstant();
        assertThat(warnedAt).as("at 80 %% of 20 s").isAfterOrEqualTo(filed.replyDueAt().minusSeconds(4))
                .isBefore(filed.replyDueAt());

        JsonNode escalation = caseMessage("dcs", "demo-dcs", "DCS", caseId, "ESCALATION");
        assertThat(escalation.get("deadline").asText()).isEqualTo("CASE_REPLY");
        JsonNode detail = mapper.readTree(get("/api/v1/cases/" + caseId, bearer("demo-zj")).body());
        assertThat(detail.at("/deadlines/overdue").asBoolean()).isTrue();
        assertThat(detail.at("/deadlines/warnedAt").isNull()).isFalse();
        assertThat(detail.at("/deadlines/escalatedAt").isNull()).isFalse();
        assertThat(warned(caseId)).as("once").isEqualTo(1);
    }

    @Test
    void aBrowserDepartmentReadsTheBureausReplyOnItsFeed() throws Exception {
        String wjCursor = end("WJ", "demo-wj");
        String sjCursor = end("SJ", "demo-sj");
        String caseId = fileViolation("demo-wj", "WJ-HG-" + shortId()).get("caseId").asText();

        JsonNode onSj = feedItem("SJ", "demo-sj", sjCursor, caseId, "CASE");
        assertThat(onSj.at("/case/status").asText()).isEqualTo("OPEN");
        assertThat(onSj.at("/message/department").asText()).isEqualTo("WJ");

        assertThat(post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), """
                {"outcome":"REJECTED","reason":"不属于审批事项","letter":{"documentNumber":"石审批函〔2026〕9号",
                 "date":"2026-12-02","signer":"张局长"}}""").statusCode()).isEqualTo(200);
        JsonNode reply = feedItem("WJ", "demo-wj", wjCursor, caseId, "CASE_REPLY");
        assertThat(reply.at("/case/status").asText()).isEqualTo("CLOSED");
        assertThat(reply.at("/message/outcome").asText()).isEqualTo("REJECTED");
        assertThat(reply.at("/message/reason").asText()).isEqualTo("不属于审批事项");
        assertThat(reply.at("/message/letter/signer").asText()).isEqualTo("张局长");
        // read once: after the cursor past it, the reply is not listed again
        JsonNode page = feed("WJ", "demo-wj", wjCursor);
        assertThat(items(feed("WJ", "demo-wj", page.get("next").asText()), caseId)).isEmpty();
        assertThat(get("/api/v1/departments/WJ/deliveries", bearer("demo-zj")).statusCode()).isEqualTo(403);
    }

    @Test
    void anHttpDepartmentsReplyIsPushedSignedToItsEndpoint() throws Exception {
        String caseId = fileViolation("demo-zrzy", "ZRZY-HG-" + shortId()).get("caseId").asText();
        assertThat(post("/api/v1/cases/" + caseId + "/reply", bearer("demo-sj"), "{\"outcome\":\"NOTED\","
                + "\"note\":\"已转执法支队\"}").statusCode()).isEqualTo(200);
        Map<String, String> push = await().atMost(Duration.ofSeconds(20)).until(() -> PUSHED.stream()
                .filter(p -> p.get("caseId").equals(caseId)).findFirst().orElse(null), p -> p != null);
        assertThat(push.get("type")).isEqualTo("CASE_REPLY");
        assertThat(push.get("messageId")).isEqualTo("case:" + caseId + ":CASE_REPLY:ZRZY");
        assertThat(push.get("deliveryId")).as("a case's message has no delivery").isEqualTo("null");
        JsonNode body = mapper.readTree(push.get("body"));
        assertThat(body.get("messageType").asText()).isEqualTo("CASE_REPLY");
        assertThat(body.get("outcome").asText()).isEqualTo("NOTED");
        assertThat(body.get("note").asText()).isEqualTo("已转执法支队");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from outbox o join notice n on n.id = o.notice_id where n.about_id = ?::uuid", Integer.class, caseId) == 0);
        assertThat(BAD_SIGNATURES).isEmpty();
    }

    private String status(String caseId) {
        return jdbc.queryForObject("select status from case_file where id = ?::uuid", String.class, caseId);
    }

    private int warned(String caseId) {
        return jdbc.queryForObject("select count(*) from notice where about_id = ?::uuid and message_type = "
                + "'WARNING'", Integer.class, caseId);
    }

    /** Sends a receipt to the department's own receipts address over CORE, as its broker user. */
    private void send(String user, String password, String code, String receipt) throws Exception {
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue(Queues.departmentReceipts(code)))
                    .send(session.createTextMessage(receipt));
        }
    }

    private JsonNode feed(String code, String token, String since) throws Exception {
        var response = get("/api/v1/departments/" + code + "/deliveries?size=500"
                + (since == null ? "" : "&since=" + since), bearer(token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    /** The cursor past everything on the department's feed now. */
    private String end(String code, String token) throws Exception {
        String since = null;
        JsonNode page;
        do {
            page = feed(code, token, since);
            since = page.path("next").isTextual() ? page.get("next").asText() : since;
        } while (page.get("items").size() > 0);
        return since;
    }

    /** Waits until the feed, read from {@code since}, lists the case's message of that type; that item. */
    private JsonNode feedItem(String code, String token, String since, String caseId, String type) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> items(feed(code, token, since), caseId).stream()
                .filter(i -> type.equals(i.at("/message/messageType").asText())).findFirst().orElse(null),
                i -> i != null);
    }

    private static List<JsonNode> items(JsonNode page, String caseId) {
        List<JsonNode> found = new ArrayList<>();
        page.get("items").forEach(i -> {
            if (caseId.equals(i.at("/case/caseId").asText())) {
                found.add(i);
            }
        });
        return found;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
