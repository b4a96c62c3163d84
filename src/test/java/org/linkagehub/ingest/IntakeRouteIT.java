package org.linkagehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.platform.WebhookSignature;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The intake route, advised by id: it strips inbound {@code Camel*} headers before the intake bean, the set
 * of started routes is exactly the expected one, and a crash inside the route after the raw store still
 * leaves the payload kept (raw first) with the platform told to retry.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntakeRouteIT {

    static final AtomicBoolean CRASH = new AtomicBoolean();
    static final String SECRET = "route-it-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("linkage.data-dir", () -> tempDir());
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("linkage.broker.port", () -> port);
        }
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.demo.simulators", () -> false);
    }

    static String tempDir() {
        try {
            return Files.createTempDirectory("linkage-route-it").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    RawInputStore raw;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;
    @EndpointInject("mock:intake-outcome")
    MockEndpoint outcomes;

    @BeforeEach
    void advise() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "project-approval-intake", route -> {
            route.weaveByType(BeanDefinition.class).before().process(exchange -> {
                exchange.getMessage().setHeader("seenCamelHeaders", exchange.getMessage().getHeaders().keySet()
                        .stream().filter(h -> h.startsWith("Camel")).collect(Collectors.toSet()));
                if (CRASH.get()) {
                    throw new IllegalStateException("simulated crash after the raw store");
                }
            });
            route.weaveAddLast().to("mock:intake-outcome");
        });
        camel.start();
    }

    @Test
    void exactlyTheExpectedRoutesStarted() {
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .containsExactlyInAnyOrder("project-approval-intake", "manual-intake", "outbox-dispatch",
                        "project-approval-reconcile", "deadline-scan", "delivery-figures-fold", "http-push", "oa-inbox",
                        "oa-sftp", "receipts-from-queue", "cases-from-queue", "queue-delivered", "queue-message-trim",
                        "routing-file-watch", "market-supervision-poll", "online-hall-poll", "source-health-flush",
                        "investment-inbox", "investment-sftp", "investment-demo", "intake");
        // an SFTP folder is polled only when its host is set (linkage.sources.<name>.sftp.host), a demo route runs
        // only with the simulators
        List<String> stopped = List.of("oa-sftp", "investment-sftp", "investment-demo");
        assertThat(camel.getRoutes()).filteredOn(r -> !stopped.contains(r.getRouteId())).allSatisfy(r -> assertThat(
                camel.getRouteController().getRouteStatus(r.getRouteId()).isStarted()).isTrue());
        assertThat(stopped).allSatisfy(id -> assertThat(camel.getRouteController().getRouteStatus(id).isStarted())
                .isFalse());
    }

    @Test
    void inboundCamelHeadersNeverReachTheIntake() throws Exception {
        CRASH.set(false);
        outcomes.reset();
        outcomes.expectedMessageCount(1);
        RawInput input = raw.store("project-approval", "test", null, Map.of(), """
                {"eventId":"EV-ROUTE-1","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","pfwh":"石审批建许〔2026〕R1号",
                 "pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""".getBytes(StandardCharsets.UTF_8),
                false);
        producer.sendBodyAndHeader("direct:project-approval-intake", input, "CamelFileName", "../../etc/passwd");
        outcomes.assertIsSatisfied();
        var exchange = outcomes.getExchanges().get(0);
        assertThat((Set<?>) exchange.getMessage().getHeader("seenCamelHeaders")).isEmpty();
        assertThat(exchange.getMessage().getBody(IntakeOutcome.class).status()).isEqualTo(IntakeOutcome.Status.ACCEPTED);
    }

    @Test
    void aCrashInsideTheRouteKeepsTheRawPayloadAndAsksThePlatformToRetry() throws Exception {
        CRASH.set(true);
        try {
            byte[] body = """
                    {"eventId":"EV-ROUTE-2","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008","pfwh":"石审批建许〔2026〕R2号",
                     "pfrq":"20261121","jsdw":"宁夏星光置业有限公司","jsdwdm":"91640205MA7K8L9M0M"}""".getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(System.currentTimeMillis());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/project-approval"))
                    .header("X-Gcjs-Timestamp", timestamp)
                    .header("X-Gcjs-Signature", WebhookSignature.sign(SECRET, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("anything but 200 makes the platform retry").isEqualTo(500);
            assertThat(jdbc.queryForList("select outcome from raw_input where body = ?", String.class, body))
                    .containsExactly("RECEIVED");
            assertThat(jdbc.queryForObject("select count(*) from decision where document_number = '石审批建许〔2026〕R2号'",
                    Integer.class)).isZero();
        } finally {
            CRASH.set(false);
        }
    }
}
