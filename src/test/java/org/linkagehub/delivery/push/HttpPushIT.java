package org.linkagehub.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linkagehub.HubIntegrationTest;
import org.linkagehub.canonical.Decision;
import org.linkagehub.delivery.DeliveryPlanner;
import org.linkagehub.ingest.WebhookSignature;
import org.linkagehub.platform.Json;
import org.linkagehub.routing.DepartmentRegistry;
import org.linkagehub.routing.Route;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

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
    static HttpServer server;
    static ExecutorService handlers;

    @Autowired
    DeliveryPlanner planner;
    @Autowired
    DepartmentRegistry departments;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Json json;

    @BeforeAll
    static void endpoints() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PUSH_PORT), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        for (String code : List.of("ZRZY", "SW")) {
            server.createContext("/" + code, exchange -> handle(code, exchange));
        }
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        handlers.shutdownNow();
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
