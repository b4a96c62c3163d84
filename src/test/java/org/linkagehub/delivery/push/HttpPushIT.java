package org.linkagehub.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.PushEndpoints;
import org.linkagehub.canonical.Decision;
import org.linkagehub.delivery.DeliveryPlanner;
import org.linkagehub.departments.DepartmentRegistry;
import org.linkagehub.platform.Json;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.routing.Route;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The HTTP push channel against a real local HTTP server playing ZRZY's and SW's endpoints, which checks every
 * signature: delivery on 2xx, retries with back-off, a hanging endpoint that holds up only its own department,
 * and a poison message parked and shown in health.
 */
class HttpPushIT extends HubIntegrationTest {

    /** How each department's endpoint answers a message, by delivery id; 200 unless a test says otherwise. */
    static final Map<String, Function<String, Integer>> BEHAVIOUR = new ConcurrentHashMap<>();
    static final Map<String, Queue<JsonNode>> RECEIVED = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Queue<String> BAD_SIGNATURES = new ConcurrentLinkedQueue<>();
    static final ObjectMapper JSON = new ObjectMapper();
    static PushEndpoints endpoints;

    @Autowired
    DeliveryPlanner planner;
    @Autowired
    DepartmentRegistry departments;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Json json;
    @Autowired
    WebApplicationContext context;
    @Autowired
    UserDetailsService users;

    @BeforeAll
    static void endpoints() throws IOException {
        endpoints = PushEndpoints.start(List.of("ZRZY", "SW"), HttpPushIT::handle);
    }

    @AfterAll
    static void stop() {
        endpoints.close();
    }

    static void handle(String department, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String deliveryId = exchange.getRequestHeaders().getFirst("X-Linkage-Delivery-Id");
        var problem = WebhookSignature.problem(PUSH_SECRET, exchange.getRequestHeaders().getFirst("X-Linkage-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-Linkage-Signature"), body, Instant.now(), Duration.ofMinutes(5));
        int status;
        if (problem.isPresent()) {
            BAD_SIGNATURES.add(department + " " + deliveryId + ": " + problem.get());
            status = 401;
        } else {
            ATTEMPTS.computeIfAbsent(deliveryId, k -> new AtomicInteger()).incrementAndGet();
            status = BEHAVIOUR.getOrDefault(department, id -> 200).apply(deliveryId);
            if (status == 200) {
                RECEIVED.computeIfAbsent(department, k -> new ConcurrentLinkedQueue<>())
                        .add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Test
    void aSignedPushAnswered2xxIsDeliveredWithTheEndpointAsActor() {
        String zrzy = zrzyDelivery();
        await().atMost(Duration.ofSeconds(15)).until(() -> status(zrzy).equals("DELIVERED"));
        assertThat(received("ZRZY")).contains(zrzy);
        assertThat(jdbc.queryForObject("select actor from delivery_event where delivery_id = ?::uuid and status = 'DELIVERED'",
                String.class, zrzy)).isEqualTo("http://127.0.0.1:" + PUSH_PORT + "/ZRZY");
        assertThat(BAD_SIGNATURES).isEmpty();
    }

    /**
     * Pushes go through Boot's RestClient: each is timed in {@code http.client.requests}, by host, method and
     * status, on the scrape an operator's Prometheus reads.
     */
    @Test
    void aPushIsTimedInTheHttpClientMetricsOnThePrometheusScrape() {
        String zrzy = zrzyDelivery();
        await().atMost(Duration.ofSeconds(15)).until(() -> status(zrzy).equals("DELIVERED"));
        List<String> timed = get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith("http_client_requests_seconds_count{")).toList();
        assertThat(timed).anySatisfy(line -> assertThat(line).contains("client_name=\"127.0.0.1\"",
                "method=\"POST\"", "outcome=\"SUCCESS\"", "status=\"200\"").doesNotEndWith(" 0.0"));
    }

    @Test
    void aHangingEndpointHoldsUpOnlyItsOwnDepartment() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String sw = swDeliveryBeside(zrzyDelivery());
        BEHAVIOUR.put("SW", id -> {
            // the first attempt hangs past the hub's timeout (5 s); a retry is answered at once
            if (id.equals(sw) && ATTEMPTS.get(id).get() == 1) {
                hanging.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        });
        try {
            assertThat(hanging.await(15, TimeUnit.SECONDS)).as("SW's endpoint is holding a request").isTrue();
            String zrzy = zrzyDelivery();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(zrzy).equals("DELIVERED"));
            assertThat(release.getCount()).as("SW was still hanging when ZRZY's delivery arrived").isEqualTo(1);
            assertThat(status(sw)).isEqualTo("PENDING");
        } finally {
            release.countDown();
            BEHAVIOUR.remove("SW");
        }
        // the hub gave up on the hung attempt (timeout) and retried it: nothing is lost
        await().atMost(Duration.ofSeconds(20)).until(() -> status(sw).equals("DELIVERED"));
    }

    @Test
    void aFailedPushIsRetriedWithBackOffUntilTheEndpointTakesIt() {
        BEHAVIOUR.put("ZRZY", id -> ATTEMPTS.get(id).get() <= 2 ? 503 : 200);
        try {
            String zrzy = zrzyDelivery();
            await().atMost(Duration.ofSeconds(15)).until(() -> status(zrzy).equals("DELIVERED"));
            assertThat(ATTEMPTS.get(zrzy).get()).isEqualTo(3);
            assertThat(jdbc.queryForObject("select note from delivery_event where delivery_id = ?::uuid and status = 'DELIVERED'",
                    String.class, zrzy)).contains("after 3 attempt(s)");
        } finally {
            BEHAVIOUR.remove("ZRZY");
        }
    }

    @Test
    void aPoisonMessageIsParkedAfterMaxAttemptsAndShownInHealthWhileOthersFlow() throws Exception {
        String poison = swDeliveryBeside(zrzyDelivery());
        BEHAVIOUR.put("SW", id -> id.equals(poison) ? 500 : 200);
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                    "select count(*) from outbox where delivery_id = ?::uuid and parked_at is not null", Integer.class,
                    poison) == 1);
            assertThat(ATTEMPTS.get(poison).get()).as("linkage.push.max-attempts").isEqualTo(3);
            assertThat(jdbc.queryForObject("select last_error from outbox where delivery_id = ?::uuid", String.class,
                    poison)).contains("HTTP 500");
            assertThat(status(poison)).isEqualTo("PENDING");
            JsonNode push = JSON.readTree(get("/actuator/health/push", basic("operator", "operator")).body());
            assertThat(push.path("status").asText()).isEqualTo(PushHealthIndicator.ATTENTION);
            assertThat(push.path("details").path("SW").path("parked").asInt()).isGreaterThanOrEqualTo(1);
            // a later message for SW is not held back by the parked one
            String next = swDeliveryBeside(zrzyDelivery());
            await().atMost(Duration.ofSeconds(15)).until(() -> status(next).equals("DELIVERED"));
        } finally {
            BEHAVIOUR.remove("SW");
        }
    }

    @Test
    void aMessageParkedAgainstADeadEndpointIsRetriedByAnOperatorAndDeliveredOnce() throws Exception {
        // SW's endpoint is dead before the message exists, so that no attempt can slip through before it dies
        AtomicBoolean dead = new AtomicBoolean(true);
        BEHAVIOUR.put("SW", id -> dead.get() ? 503 : 200);
        try {
            String parked = swDeliveryBeside(zrzyDelivery());
            long outboxId = awaitParked(parked);
            assertThat(ATTEMPTS.get(parked).get()).isEqualTo(3);
            String list = "/api/v1/push/parked?department=SW";
            JsonNode listed = JSON.readTree(get(list, basic("auditor", "auditor")).body());
            assertThat(listed.path("items").findValuesAsText("deliveryId")).contains(parked);
            assertThat(listed.path("byDepartment").path("SW").asInt()).isGreaterThanOrEqualTo(1)
                    .isEqualTo(listed.path("total").asInt());
            assertThat(listed.path("byDepartment").has("ZRZY")).as("every HTTP department, zero included").isTrue();
            assertThat(get(list, bearer("demo-sw")).statusCode()).isEqualTo(403);
            String retry = "/api/v1/push/parked/" + outboxId + "/retry";
            assertThat(post(retry, basic("auditor", "auditor"), "").statusCode()).isEqualTo(403);
            assertThat(post(retry, bearer("demo-sw"), "").statusCode()).isEqualTo(403);
            assertThat(parkedAt(outboxId)).isNotNull();

            dead.set(false);
            var answer = post(retry, basic("operator", "operator"), "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("retried").get(0).asLong()).isEqualTo(outboxId);
            await().atMost(Duration.ofSeconds(15)).until(() -> status(parked).equals("DELIVERED"));
            assertThat(received("SW").stream().filter(parked::equals)).as("delivered once").hasSize(1);
            assertThat(ATTEMPTS.get(parked).get()).isEqualTo(4);
            assertThat(jdbc.queryForObject("select note from delivery_event where delivery_id = ?::uuid "
                    + "and status = 'DELIVERED'", String.class, parked)).contains("after 1 attempt(s)");
            assertThat(jdbc.queryForObject("""
                    select actor || ' ' || (before->'parked'->0->>'attempts') || ' ' || (before->'parked'->0->>'deliveryId')
                           || ' ' || (before->'parked'->0->>'lastError') || ' > ' || (after->>'attempts')
                    from audit_log where action = 'push.retry' and target = ?""", String.class, "outbox/" + outboxId))
                    .startsWith("operator 3 " + parked + " HTTP 503").endsWith(" > 0");
            assertThat(post(retry, basic("operator", "operator"), "").statusCode()).as("nothing left to retry")
                    .isEqualTo(404);
        } finally {
            BEHAVIOUR.remove("SW");
        }
    }

    @Test
    void retryingALaterVersionFromTheConsoleSendsTheOlderParkedOneOfItsLineageFirst() throws Exception {
        AtomicBoolean dead = new AtomicBoolean(true);
        BEHAVIOUR.put("SW", id -> dead.get() ? 500 : 200);
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        try {
            String zrzy = zrzyDelivery();
            // two messages of one lineage for SW: the older parks, the younger is then tried and parks too
            String older = swDeliveryBeside(zrzy);
            String younger = swDeliveryBeside(zrzy);
            long olderId = awaitParked(older);
            long youngerId = awaitParked(younger);
            String page = mvc.perform(MockMvcRequestBuilders.get("/console/actions").with(user(users.loadUserByUsername(
                    "operator")))).andExpect(MockMvcResultMatchers.status().isOk()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("id=\"parked-message-" + youngerId + "\"", "/console/push/parked/" + youngerId
                    + "/retry", "id=\"parked-SW\"");
            String auditorPage = mvc.perform(MockMvcRequestBuilders.get("/console/actions")
                    .with(user(users.loadUserByUsername("auditor")))).andExpect(MockMvcResultMatchers.status().isOk()).andReturn()
                    .getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(auditorPage).contains("id=\"parked-message-" + youngerId + "\"")
                    .doesNotContain("/console/push/parked/" + youngerId + "/retry");
            var consoleRetry = MockMvcRequestBuilders.post("/console/push/parked/" + youngerId + "/retry");
            mvc.perform(consoleRetry.with(user(users.loadUserByUsername("auditor"))).with(csrf()))
                    .andExpect(MockMvcResultMatchers.status().isForbidden());
            mvc.perform(consoleRetry.with(user(users.loadUserByUsername("sw"))).with(csrf()))
                    .andExpect(MockMvcResultMatchers.status().isForbidden());
            mvc.perform(MockMvcRequestBuilders.get("/console/actions").with(user(users.loadUserByUsername("sw"))))
                    .andExpect(MockMvcResultMatchers.status().isForbidden());

            dead.set(false);
            var retried = mvc.perform(consoleRetry.with(user(users.loadUserByUsername("operator"))).with(csrf()))
                    .andExpect(redirectedUrl("/console/actions#parked")).andReturn().getFlashMap().get("pushRetried");
            assertThat(retried).isEqualTo(List.of(olderId, youngerId));
            await().atMost(Duration.ofSeconds(15)).until(() -> status(younger).equals("DELIVERED"));
            assertThat(received("SW")).containsSubsequence(older, younger);
            assertThat(status(older)).isEqualTo("DELIVERED");
        } finally {
            BEHAVIOUR.remove("SW");
        }
    }

    @Test
    void anOperatorRetriesEveryParkedMessageOfADepartment() {
        AtomicBoolean dead = new AtomicBoolean(true);
        BEHAVIOUR.put("SW", id -> dead.get() ? 502 : 200);
        try {
            String parked = swDeliveryBeside(zrzyDelivery());
            long outboxId = awaitParked(parked);
            String retryAll = "/api/v1/push/parked/retry?department=SW";
            assertThat(post(retryAll, basic("auditor", "auditor"), "").statusCode()).isEqualTo(403);
            assertThat(post("/api/v1/push/parked/retry?department=ZJ", basic("operator", "operator"), "")
                    .statusCode()).as("ZJ is a queue department").isEqualTo(404);
            dead.set(false);
            var answer = post(retryAll, basic("operator", "operator"), "");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains(Long.toString(outboxId));
            await().atMost(Duration.ofSeconds(15)).until(() -> status(parked).equals("DELIVERED"));
            assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'push.retry' and target = 'push/SW' "
                    + "and after->'retried' @> ?::jsonb", Integer.class, "[" + outboxId + "]")).isEqualTo(1);
        } finally {
            BEHAVIOUR.remove("SW");
        }
    }

    /** Waits until the delivery's message is parked; returns its outbox id. */
    private long awaitParked(String delivery) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                "select id from outbox where delivery_id = ?::uuid and parked_at is not null", Long.class, delivery)
                .stream().findFirst().orElse(null), id -> id != null);
    }

    private Timestamp parkedAt(long outboxId) {
        return jdbc.queryForObject("select parked_at from outbox where id = ?", Timestamp.class, outboxId);
    }

    /** A decision for 640200-SPJ-HB-0020: STHJ by queue, ZRZY (http) as assisting department. */
    private String zrzyDelivery() {
        String doc = "石环审〔2026〕P" + UUID.randomUUID().toString().substring(0, 8) + "号";
        String body = """
                {"eventId":"EV-P-%s","eventType":"APPROVED","spsxbm":"640200-SPJ-HB-0020","spsxmc":"建设项目环境影响报告书审批",\
                "pfwh":"%s","pfrq":"20261121","jsdw":"石嘴山市星海建材有限公司","jsdwdm":"91640221MA7D4E5F6N"}"""
                .formatted(UUID.randomUUID(), doc);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("""
                select d.id::text from delivery d join decision c on c.id = d.decision_id
                where c.document_number = ? and d.department = 'ZRZY'""", String.class, doc).stream().findFirst()
                .orElse(null), id -> id != null);
    }

    /** No matter routes to SW yet: plan one more delivery of the same decision to SW, as routing would. */
    private String swDeliveryBeside(String zrzyDelivery) {
        String payload = jdbc.queryForObject("""
                select c.payload::text from decision c join delivery d on d.decision_id = c.id where d.id = ?::uuid""",
                String.class, zrzyDelivery);
        Decision decision = json.read(payload, Decision.class);
        Route route = new Route(departments.find("SW").orElseThrow(), Route.Role.ASSIST, "HttpPushIT", "test");
        return transaction.execute(tx -> planner.plan(decision, List.of(route), Instant.now())).get(0).toString();
    }

    private String status(String delivery) {
        return jdbc.queryForObject("select status from delivery where id = ?::uuid", String.class, delivery);
    }

    private static List<String> received(String department) {
        return RECEIVED.getOrDefault(department, new ConcurrentLinkedQueue<>()).stream()
                .map(n -> n.path("deliveryId").asText()).toList();
    }
}
