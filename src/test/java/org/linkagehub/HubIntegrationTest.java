package org.linkagehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.linkagehub.canonical.MappingRef;
import org.linkagehub.demo.MarketViewDatabase;
import org.linkagehub.demo.OnlineHallSimulator;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub on its embedded defaults — a real Artemis broker and a real PostgreSQL in a temporary
 * folder, on free ports — shared by every integration test through Spring's context cache. Metrics export is
 * on as in production (a Spring Boot test turns it off by default), so {@code /actuator/prometheus} answers.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    protected static final String SECRET = "it-secret";
    protected static final Path DATA_DIR;
    protected static final int BROKER_PORT;
    /** Where a test plays the project-approval platform's daily listing (ProjectApprovalReconcileIT). */
    protected static final int PROJECT_APPROVAL_PORT;
    /** The matter whose deadlines are seconds long, for the deadline tests only (DeadlineEscalationIT). */
    protected static final String DRILL_MATTER = "640200-SPJ-WJ-0210";
    /** Where the HTTP departments' endpoints are: a test's own server on this port, paths /ZRZY and /SW. */
    protected static final int PUSH_PORT;
    protected static final String PUSH_SECRET = "it-push-secret";
    /** The embedded PostgreSQL's port, fixed so that the market-supervision view's URL is known up front. */
    protected static final int POSTGRES_PORT;
    /** A database of the embedded server that stands in for the market-supervision view; its test creates it. */
    protected static final String MARKET_VIEW_DATABASE = "market_view_it";
    /** The online service hall the poller reads; empty until a test puts cases in it. */
    protected static final OnlineHallSimulator ONLINE_HALL;
    private static final ObjectMapper MESSAGES = new ObjectMapper();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("linkage-it");
            // held open together, so the ports differ
            try (ServerSocket broker = new ServerSocket(0); ServerSocket listing = new ServerSocket(0);
                    ServerSocket push = new ServerSocket(0); ServerSocket postgres = new ServerSocket(0)) {
                BROKER_PORT = broker.getLocalPort();
                PROJECT_APPROVAL_PORT = listing.getLocalPort();
                PUSH_PORT = push.getLocalPort();
                POSTGRES_PORT = postgres.getLocalPort();
            }
            ONLINE_HALL = new OnlineHallSimulator("it-hall-token", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("linkage.data-dir", DATA_DIR::toString);
        registry.add("linkage.broker.port", () -> BROKER_PORT);
        registry.add("linkage.sources.project-approval.secret", () -> SECRET);
        registry.add("linkage.security.demo-credentials", () -> true);
        registry.add("linkage.demo.simulators", () -> false);
        registry.add("linkage.outbox.poll-interval", () -> 200);
        registry.add("linkage.intake.history-cut-over", () -> "2020-01-01");
        registry.add("linkage.sources.project-approval.base-url", () -> "http://127.0.0.1:" + PROJECT_APPROVAL_PORT);
        // tests reconcile through the operator's trigger; a nightly run must not fire mid-build
        registry.add("linkage.sources.project-approval.reconcile-cron", () -> "-");
        registry.add("linkage.deadlines.check-interval", () -> 300);
        registry.add("linkage.deadlines.matters[" + DRILL_MATTER + "].sign-within", () -> "PT3S");
        registry.add("linkage.deadlines.matters[" + DRILL_MATTER + "].start-within", () -> "PT6S");
        // return visits (ReturnVisitsIT): a window of seconds, not 10 working days, and a sample large enough to see
        registry.add("linkage.return-visits.after", () -> "PT10S");
        registry.add("linkage.return-visits.sample-percent", () -> 50);
        registry.add("linkage.push.poll-interval", () -> 200);
        registry.add("linkage.push.max-attempts", () -> 3);
        registry.add("linkage.push.initial-backoff", () -> "PT0.2S");
        registry.add("linkage.push.timeout", () -> "PT5S");
        for (String code : new String[] {"ZRZY", "SW"}) {
            registry.add("linkage.push.departments." + code + ".url", () -> "http://127.0.0.1:" + PUSH_PORT + "/" + code);
            registry.add("linkage.push.departments." + code + ".secret", () -> PUSH_SECRET);
        }
        registry.add("linkage.metrics.refresh", () -> "200ms");
        // the OA inbox is <data-dir>/inbox/oa; a small limit keeps the oversized-file test small
        registry.add("linkage.sources.oa.poll-interval", () -> 200);
        registry.add("linkage.sources.oa.max-file-size", () -> "64KB");
        // the investment platform's inbox is <data-dir>/inbox/investment
        registry.add("linkage.sources.investment.poll-interval", () -> 200);
        // small upload limits keep CaseAttachmentsIT's oversized files small: the hub's own first, Spring's above it
        registry.add("linkage.cases.attachment-max-size", () -> "64KB");
        registry.add("spring.servlet.multipart.max-file-size", () -> "256KB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "512KB");
        registry.add("linkage.config-dir", () -> DATA_DIR.resolve("config").toString());
        registry.add("linkage.routing.watch-interval", () -> 300);
        registry.add("linkage.postgres.port", () -> POSTGRES_PORT);
        registry.add("linkage.sources.market-supervision.url",
                () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + MARKET_VIEW_DATABASE);
        registry.add("linkage.sources.market-supervision.username", () -> "postgres");
        registry.add("linkage.sources.market-supervision.password", () -> "postgres");
        // tests poll by calling the poller; small batches put batch boundaries inside every test's rows
        registry.add("linkage.sources.market-supervision.poll-interval", () -> "1h");
        registry.add("linkage.sources.market-supervision.batch-size", () -> 2);
        registry.add("linkage.sources.online-hall.base-url", () -> ONLINE_HALL.baseUrl().toString());
        registry.add("linkage.sources.online-hall.token", ONLINE_HALL::token);
        // tests walk the hall by calling the poller; the route's timer stays out of their way
        registry.add("linkage.sources.online-hall.poll-interval", () -> "1h");
        // the source routes' shared redelivery (routes/error-handling.yaml), as quick as the hall's was
        registry.add("linkage.intake.redelivery.initial-delay", () -> "20ms");
        registry.add("linkage.intake.redelivery.maximum-redeliveries", () -> 2);
        registry.add("linkage.sources.online-hall.page-size", () -> 2);
    }

    protected final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Posts a project-approval event signed as the platform signs it. */
    protected HttpResponse<String> postSigned(byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        return postSigned(body, timestamp, WebhookSignature.sign(SECRET, timestamp, body));
    }

    protected HttpResponse<String> postSigned(String body) {
        return postSigned(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a signed project-approval event and waits until its decision, of this document number, is stored. */
    protected void postSignedAndStored(String body, String documentNumber) {
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from decision where document_number = ?", Integer.class, documentNumber) > 0);
    }

    protected HttpResponse<String> postSigned(byte[] body, String timestamp, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/ingest/project-approval"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            request.header("X-Gcjs-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Gcjs-Signature", signature);
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A department's own system connecting over the network acceptor, as its broker user. */
    protected Connection departmentConnection(String user, String password) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT, user,
                password);
        Connection connection = factory.createConnection();
        connection.start();
        return connection;
    }

    /**
     * The broker refuses this department's system a send to each of {@code overCore} over CORE, and to
     * {@code overAmqp} over AMQP, by a producer on that address and by an anonymous producer (which names the address
     * in each message's "to", the one the broker checks).
     */
    protected void assertSendsRefused(String user, String password, List<String> overCore, String overAmqp)
            throws JMSException {
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            for (String address : overCore) {
                assertThatThrownBy(() -> session.createProducer(session.createQueue(address))
                        .send(session.createTextMessage("{}"))).as("CORE send to %s", address)
                        .isInstanceOf(JMSSecurityException.class).hasMessageContaining("does not have permission");
            }
        }
        JmsConnectionFactory factory = new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThatThrownBy(() -> session.createProducer(session.createQueue(overAmqp))
                    .send(session.createTextMessage("{}"))).as("AMQP producer on %s", overAmqp)
                    .isInstanceOf(JMSSecurityException.class).hasMessageContaining("AMQ229032");
            assertThatThrownBy(() -> session.createProducer(null).send(session.createQueue(overAmqp),
                    session.createTextMessage("{}"))).as("AMQP anonymous send to %s", overAmqp)
                    .isInstanceOf(JMSSecurityException.class).hasMessageContaining("AMQ229032");
        }
    }

    /**
     * Reads a department's queue over the network as its own system would, until a message has come for each of
     * the document numbers (returned in arrival order); messages for other documents, which other tests may have
     * left, are read past. Every hub message carries its delivery id as the broker's duplicate id.
     */
    protected List<JsonNode> receiveDocuments(String user, String password, String queue, List<String> documents)
            throws JMSException {
        List<JsonNode> wanted = new ArrayList<>();
        try (Connection connection = departmentConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                TextMessage message = (TextMessage) consumer.receive(500);
                if (message != null) {
                    JsonNode node = MESSAGES.readTree(message.getText());
                    if (documents.contains(node.path("documentNumber").asText())) {
                        assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(node.path("deliveryId").asText());
                        wanted.add(node);
                    }
                }
                return wanted.size() == documents.size();
            });
        }
        return wanted;
    }

    /** {@link #receiveDocuments} for one document. */
    protected JsonNode receiveDocument(String user, String password, String queue, String document)
            throws JMSException {
        return receiveDocuments(user, password, queue, List.of(document)).get(0);
    }

    /**
     * The packaged mapping {@code mappings/sources/<name>.yaml} as a decision or quarantine entry must name it: its
     * version and the sha256 of the file's bytes, worked out here from the file rather than asked of the hub.
     */
    protected static MappingRef packagedMapping(String name) {
        try {
            byte[] file = Files.readAllBytes(Path.of("mappings/sources", name + ".yaml"));
            Matcher version = Pattern.compile("(?m)^version: (\\d+)$")
                    .matcher(new String(file, StandardCharsets.UTF_8));
            assertThat(version.find()).as("version of " + name).isTrue();
            return new MappingRef(name, Integer.parseInt(version.group(1)), sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex sha256, as the hub shows a mapping file's. */
    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mapping the one stored decision that meets {@code condition} names; null when it names none. */
    protected MappingRef decisionMapping(String condition, Object... args) {
        return jdbc.queryForObject("select mapping_name, mapping_version, mapping_sha256 from decision where "
                + condition, (rs, n) -> MappingRef.ofColumns(rs.getString(1), rs.getObject(2, Integer.class),
                        rs.getString(3)), args);
    }

    /** The market-supervision view's stand-in database on the embedded server, with its table and view. */
    protected DataSource marketViewDatabase() {
        MarketViewDatabase.createDatabase(jdbc, MARKET_VIEW_DATABASE);
        DataSource view = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + MARKET_VIEW_DATABASE, "postgres", "postgres");
        new MarketViewDatabase(view).create();
        return view;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
