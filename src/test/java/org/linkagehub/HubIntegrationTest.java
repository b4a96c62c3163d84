package org.linkagehub;

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
import java.time.Duration;
import java.util.Base64;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.linkagehub.demo.OnlineHallSimulator;
import org.linkagehub.ingest.WebhookSignature;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub on its embedded defaults — a real Artemis broker and a real PostgreSQL in a temporary
 * folder, on free ports — shared by every integration test through Spring's context cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    protected static final String SECRET = "it-secret";
    protected static final Path DATA_DIR;
    protected static final int BROKER_PORT;
    /** The online service hall the poller reads; empty until a test puts cases in it. */
    protected static final OnlineHallSimulator ONLINE_HALL;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("linkage-it");
            try (ServerSocket socket = new ServerSocket(0)) {
                BROKER_PORT = socket.getLocalPort();
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
        registry.add("linkage.sources.online-hall.base-url", () -> ONLINE_HALL.baseUrl().toString());
        registry.add("linkage.sources.online-hall.token", ONLINE_HALL::token);
        // tests walk the hall by calling the poller; the route's timer stays out of their way
        registry.add("linkage.sources.online-hall.poll-interval", () -> "1h");
        registry.add("linkage.sources.online-hall.retry-backoff", () -> "20ms");
        registry.add("linkage.sources.online-hall.retries", () -> 2);
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
