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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
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
 * The intake route, advised by id: it strips inbound {@code Camel*} headers before the intake, the set
 * of started routes is exactly the expected one, and a crash inside the route after the raw store still
 * leaves the payload kept (raw first) with the platform told to retry.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntakeRouteIT {

    static final AtomicBoolean CRASH = new AtomicBoolean();
    static final String SECRET = "route-it-secret";
    static final String BATCH = "route-it-batch";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("linkage.data-dir", () -> tempDir());
        registry.add("linkage.config-dir", IntakeRouteIT::configWithBatchMapping);
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("linkage.broker.port", () -> port);
        }
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.demo.simulators", () -> false);
    }

    /** An operator config folder with one mapping of many canonical records a payload, as a polled page brings. */
    static String configWithBatchMapping() {
        try {
            Path config = Files.createTempDirectory("linkage-route-it-config");
            Path sources = Files.createDirectories(config.resolve("mappings/sources"));
            Files.writeString(sources.resolve(BATCH + ".yaml"), """
                    name: %s
                    source: MANUAL
                    title: many canonical decisions in one payload (IntakeRouteIT only)
                    version: 1
                    format: json
                    records: items
                    recordId: recordId
                    fields:
                      documentNumber:        {path: documentNumber}
                      decisionType:          {path: decisionType}
                      decisionDate:          {path: decisionDate, transform: date}
                      matter.code:           {path: matter, transform: code}
                      matter.name:           {path: matterName}
                      subject.category:      {path: category}
                      subject.name:          {path: subject}
                      subject.uscc:          {path: uscc, transform: code}
                      licence.name:          {path: licence}
                      licence.number:        {path: licenceNumber, transform: code}
                      supersedes:            {path: supersedes}
                      issuingAuthority.name: {path: authority}
                    """.formatted(BATCH), StandardCharsets.UTF_8);
            return config.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
    @Autowired
    DecisionIntake intake;
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
            route.weaveByToUri("direct:intake").before().process(exchange -> {
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
                .containsExactlyInAnyOrder("intake", "intake-chunk", "project-approval-intake",
                        "manual-intake", "outbox-dispatch",
                        "project-approval-reconcile", "deadline-scan", "delivery-figures-fold", "http-push", "oa-inbox",
                        "oa-sftp", "receipts-from-queue", "cases-from-queue", "queue-delivered", "queue-message-trim",
                        "routing-file-watch", "market-supervision-poll", "online-hall-poll", "source-health-flush",
                        "investment-inbox", "investment-sftp", "investment-demo", "retention",
                        "hub-node-heartbeat");
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

    /**
     * A revocation and its grant in one payload: the revocation relates to the grant, so it is written in a chunk
     * after the grant's and joins its lineage as version 2, as if the two had come one by one.
     */
    @Test
    void aVersionOfAnEarlierRecordOfThePayloadJoinsItsLineage() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String grant = "石审批许〔2026〕RG" + tag + "号";
        String revoke = "石审批许〔2026〕RR" + tag + "号";
        IntakeOutcome outcome = intake.process(batch(tag, record(grant, "GRANT", tag + "-1", null, "1"),
                record(revoke, "REVOKE", tag + "-2", grant, "1")));
        assertThat(outcome.status()).isEqualTo(IntakeOutcome.Status.ACCEPTED);
        assertThat(outcome.decisionIds()).hasSize(2).doesNotHaveDuplicates();
        assertThat(versions(grant, revoke)).containsExactly(grant + " v1 GRANT null", revoke + " v2 REVOKE " + grant);
        assertThat(jdbc.queryForObject("select count(distinct lineage_id) from decision where document_number in (?, ?)",
                Integer.class, grant, revoke)).isEqualTo(1);
    }

    /**
     * Two records that only the store tells belong together (the first joins a stored grant by its platform record,
     * the second names the grant's number): their chunk cannot version both, fails, is rolled back, and is taken
     * again record by record — the same decisions as one by one, each counted once, the raw input marked once.
     */
    @Test
    void aChunkThatFailsIsTakenAgainRecordByRecord() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String grant = "石审批许〔2026〕SG" + tag + "号";
        String change = "石审批许〔2026〕SC" + tag + "号";
        String other = "石审批许〔2026〕SO" + tag + "号";
        IntakeOutcome first = intake.process(batch(tag + "-a", record(grant, "GRANT", tag + "-1", null, "1")));
        assertThat(first.status()).isEqualTo(IntakeOutcome.Status.ACCEPTED);

        RawInput input = batch(tag + "-b", record(change, "CHANGE", tag + "-1", null, "2"),
                record(grant, "GRANT", tag + "-3", null, "3"), record(other, "GRANT", tag + "-4", null, "1"));
        IntakeOutcome outcome = intake.process(input);
        assertThat(outcome.status()).isEqualTo(IntakeOutcome.Status.ACCEPTED);
        assertThat(outcome.decisionIds()).hasSize(3).doesNotHaveDuplicates();
        assertThat(versions(grant, change, other)).containsExactly(grant + " v1 GRANT null",
                other + " v1 GRANT null", change + " v2 CHANGE " + grant, grant + " v3 GRANT null");
        assertThat(jdbc.queryForObject("select count(*) from decision where raw_input_id = ?", Integer.class,
                input.id())).isEqualTo(3);
        assertThat(jdbc.queryForObject("select outcome from raw_input where id = ?", String.class, input.id()))
                .isEqualTo("ACCEPTED");
    }

    private List<String> versions(String... numbers) {
        return jdbc.queryForList("""
                select document_number || ' v' || version || ' ' || decision_type || ' ' || coalesce(supersedes, 'null')
                from decision where document_number = any(?) order by version, document_number""", String.class,
                (Object) numbers);
    }

    private RawInput batch(String ref, String... records) {
        return raw.store(BATCH, "test", ref, Map.of(), ("{\"items\":[" + String.join(",", records) + "]}")
                .getBytes(StandardCharsets.UTF_8), false);
    }

    private static String record(String number, String type, String recordId, String supersedes, String licence) {
        return """
                {"documentNumber":"%s","decisionType":"%s","recordId":"%s",%s"decisionDate":"2026-11-20",
                 "matter":"640200-SPJ-ZJ-0008","matterName":"建筑工程施工许可证核发","category":"ORGANIZATION",
                 "subject":"宁夏星光置业有限公司","uscc":"91640205MA7K8L9M0M","licence":"建筑工程施工许可证",
                 "licenceNumber":"6402022026%s","authority":"石嘴山市审批服务管理局"}""".formatted(number, type, recordId,
                supersedes == null ? "" : "\"supersedes\":\"" + supersedes + "\",", licence);
    }
}
