package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.platform.BeijingTime;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The daily reconciliation against a real HTTP server playing the project-approval platform's listing: the server
 * checks the hub's signature headers, the hub takes in exactly the events the webhook missed, and a refused listing
 * shows in the source's health.
 */
class ProjectApprovalReconcileIT extends HubIntegrationTest {

    private static final String MATTER = "640200-SPJ-ZJ-0008";
    /** date → status and body the platform answers. */
    private static final Map<String, Answer> LISTINGS = new ConcurrentHashMap<>();
    private static final AtomicInteger SIGNED_REQUESTS = new AtomicInteger();
    private static final AtomicInteger REFUSED_REQUESTS = new AtomicInteger();
    private static HttpServer platform;

    @Autowired
    ObjectMapper json;
    @Autowired
    ApprovalListing listing;
    @Autowired
    RawInputStore raw;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    SourceMonitor monitor;
    @Autowired
    SourceCursors cursors;

    record Answer(int status, String body) {
    }

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = HttpServer.create(new InetSocketAddress("127.0.0.1", PROJECT_APPROVAL_PORT), 0);
        platform.createContext("/api/approvals", ProjectApprovalReconcileIT::listing);
        platform.start();
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop(0);
    }

    private static void listing(HttpExchange exchange) throws IOException {
        String date = exchange.getRequestURI().getQuery().replaceFirst("^date=", "");
        Answer answer = WebhookSignature.problem(SECRET, exchange.getRequestHeaders().getFirst("X-Gcjs-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-Gcjs-Signature"), new byte[0], Instant.now(),
                Duration.ofMinutes(5)).map(problem -> {
                    REFUSED_REQUESTS.incrementAndGet();
                    return new Answer(401, "{\"code\":401,\"msg\":\"" + problem + "\"}");
                }).orElseGet(() -> {
                    SIGNED_REQUESTS.incrementAndGet();
                    return LISTINGS.getOrDefault(date, new Answer(200, "{\"code\":0,\"data\":[]}"));
                });
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void onlyTheEventsTheWebhookMissedAreTakenInOnce() throws Exception {
        String[] ids = {ProjectApprovalFlowIT.unique("RC"), ProjectApprovalFlowIT.unique("RC"),
            ProjectApprovalFlowIT.unique("RC")};
        String[] docs = new String[3];
        String[] events = new String[3];
        for (int i = 0; i < 3; i++) {
            docs[i] = "石审批建许〔2026〕" + ids[i] + "号";
            events[i] = ProjectApprovalFlowIT.event(ids[i], "APPROVED", docs[i], null, MATTER, "91640205MA7K8L9M0M")
                    .strip();
        }
        assertThat(postSigned(events[0]).statusCode()).isEqualTo(200);
        LISTINGS.put("2026-11-21", new Answer(200,
                "{\"code\":0,\"msg\":\"ok\",\"data\":[" + String.join(",", events) + "]}"));
        int signedBefore = SIGNED_REQUESTS.get();

        JsonNode first = reconcile("2026-11-21");
        assertThat(first.path("listed").asInt()).isEqualTo(3);
        assertThat(first.path("new").asInt()).isEqualTo(2);
        assertThat(first.path("alreadyKnown").asInt()).isEqualTo(1);
        assertThat(first.path("quarantined").asInt()).isZero();
        assertThat(SIGNED_REQUESTS.get()).isEqualTo(signedBefore + 1);
        assertThat(REFUSED_REQUESTS.get()).isZero();

        JsonNode again = reconcile("2026-11-21");
        assertThat(again.path("alreadyKnown").asInt()).isEqualTo(3);
        assertThat(again.path("new").asInt()).isZero();

        for (String doc : docs) {
            assertThat(jdbc.queryForObject("select count(*) from decision where document_number = ?", Integer.class,
                    doc)).as("decisions of %s", doc).isEqualTo(1);
            assertThat(jdbc.queryForObject("""
                    select count(*) from delivery v join decision d on d.id = v.decision_id
                    where d.document_number = ?""", Integer.class, doc)).as("deliveries of %s", doc).isEqualTo(2);
        }
        assertThat(jdbc.queryForList("select source_ref from raw_input where transport = 'reconcile' and source_ref in (?, ?, ?)",
                String.class, (Object[]) ids)).containsExactlyInAnyOrder(ids[1], ids[2]);
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'source.reconcile' and target = ?",
                Integer.class, "sources/project-approval/reconcile/2026-11-21")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aChangedEventWithAKnownIdGoesThroughAndAPlainArrayIsAListingToo() throws Exception {
        String id = ProjectApprovalFlowIT.unique("RC");
        String doc = "石审批建许〔2026〕" + id + "号";
        String pushed = ProjectApprovalFlowIT.event(id, "APPROVED", doc, null, MATTER, "91640205MA7K8L9M0M").strip();
        assertThat(postSigned(pushed).statusCode()).isEqualTo(200);
        LISTINGS.put("2026-11-22", new Answer(200, "[" + pushed.replace("\"yxq\":\"\"", "\"yxq\":\"20291121\"") + "]"));

        JsonNode counts = reconcile("2026-11-22");
        assertThat(counts.path("listed").asInt()).isEqualTo(1);
        assertThat(counts.path("alreadyKnown").asInt()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from raw_input where transport = 'reconcile' and source_ref = ?",
                Integer.class, id)).isEqualTo(1);
    }

    @Test
    void aRefusedOrUnreadableListingIsTheSourcesLastErrorAndNothingIsStored() throws Exception {
        long rawBefore = jdbc.queryForObject("select count(*) from raw_input where transport = 'reconcile'", Long.class);
        LISTINGS.put("2026-11-23", new Answer(503, "busy"));
        var refused = post("/api/v1/sources/project-approval/reconcile?date=2026-11-23", basic("operator", "operator"), "");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(health().path("lastError").asText()).contains("2026-11-23").contains("HTTP 503");

        LISTINGS.put("2026-11-24", new Answer(200, "{\"code\":0,\"data\":[{\"eventId\":"));
        var unreadable = post("/api/v1/sources/project-approval/reconcile?date=2026-11-24", basic("operator", "operator"), "");
        assertThat(unreadable.statusCode()).isEqualTo(502);
        assertThat(health().path("lastError").asText()).contains("2026-11-24").contains("not valid JSON");

        LISTINGS.put("2026-11-25", new Answer(200, "{\"code\":\"500\",\"msg\":\"系统繁忙\"}"));
        var busy = post("/api/v1/sources/project-approval/reconcile?date=2026-11-25", basic("operator", "operator"), "");
        assertThat(busy.statusCode()).isEqualTo(502);
        assertThat(health().path("lastError").asText()).contains("code 500");
        assertThat(jdbc.queryForObject("select count(*) from raw_input where transport = 'reconcile'", Long.class))
                .isEqualTo(rawBefore);
    }

    @Test
    void theScheduledRunRetriesAFailedDayLaterAndThenMovesOn() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-17T18:00:00Z")); // 02:00 on the 18th in Beijing
        ProjectApprovalReconciler nightly = new ProjectApprovalReconciler(listing, raw, camel, monitor, cursors, jdbc,
                json, new ProjectApprovalReconcileProperties(URI.create("http://127.0.0.1:" + PROJECT_APPROVAL_PORT),
                        "0 30 1 * * *", false, Duration.ofMinutes(5), 7, Duration.ofSeconds(10), null), clock);
        cursors.reset(ProjectApprovalReconciler.CURSOR);
        LISTINGS.put("2026-11-17", new Answer(503, "busy"));
        int asked = SIGNED_REQUESTS.get();

        nightly.runDue();
        assertThat(SIGNED_REQUESTS.get()).isEqualTo(asked + 1);
        assertThat(cursors.get(ProjectApprovalReconciler.CURSOR)).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        nightly.runDue();
        assertThat(SIGNED_REQUESTS.get()).as("not before reconcile-retry").isEqualTo(asked + 1);

        LISTINGS.put("2026-11-17", new Answer(200, "[]"));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        nightly.runDue();
        assertThat(SIGNED_REQUESTS.get()).isEqualTo(asked + 2);
        assertThat(cursors.get(ProjectApprovalReconciler.CURSOR)).contains("2026-11-17");
        nightly.runDue();
        assertThat(SIGNED_REQUESTS.get()).as("a day reconciled whole is not asked again").isEqualTo(asked + 2);

        clock.now = clock.now.plus(Duration.ofDays(2)); // 02:06 on the 20th: the 18th and the 19th are owed
        nightly.runDue();
        assertThat(SIGNED_REQUESTS.get()).isEqualTo(asked + 4);
        assertThat(cursors.get(ProjectApprovalReconciler.CURSOR)).contains("2026-11-19");
    }

    /** The reconciler's view of time, moved by the test. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return BeijingTime.ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void onlyOperatorsMayReconcile() {
        assertThat(post("/api/v1/sources/project-approval/reconcile?date=2026-11-21", basic("auditor", "auditor"), "")
                .statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/sources/project-approval/reconcile?date=21.11.2026", basic("operator", "operator"), "")
                .statusCode()).isEqualTo(400);
    }

    private JsonNode reconcile(String date) throws IOException {
        var response = post("/api/v1/sources/project-approval/reconcile?date=" + date, basic("operator", "operator"), "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode health() throws IOException {
        JsonNode health = json.readTree(get("/actuator/health/sources", basic("operator", "operator")).body());
        return health.path("components").path("platforms").path("components").path("project-approval").path("details");
    }
}
