package org.linkagehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linkagehub.delivery.PushProperties;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.WebhookSignature;
import org.springframework.web.client.RestClient;

/**
 * The demo's HTTP department endpoint, against a stand-in for the hub's receipt API: signed pushes are taken,
 * a forged one is refused, and decisions are signed for with the department's demo token; a case's messages
 * (no delivery id) are taken and never signed for.
 */
class DepartmentEndpointSimulatorTest {

    private static final String SECRET = "demo-push-sw";

    private final List<String> receipts = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer hub;
    private DepartmentEndpointSimulator simulator;

    @AfterEach
    void stop() {
        simulator.destroy();
        hub.stop(0);
    }

    @Test
    void signedPushesAreTakenAndSignedForAForgedOneIsRefused() throws Exception {
        start();
        for (int i = 0; i < 10; i++) {
            assertThat(push(UUID.randomUUID().toString(), SECRET)).isEqualTo(200);
        }
        assertThat(push(UUID.randomUUID().toString(), "not-the-secret")).as("a forged push").isEqualTo(401);

        // four in five are signed for: with ten pushes, at least one receipt comes
        await().atMost(Duration.ofSeconds(10)).until(() -> !receipts.isEmpty());
        assertThat(receipts.get(0)).matches("/api/v1/deliveries/[0-9a-f-]{36}/receipt Bearer demo-sw .*\"SIGNED\".*");
    }

    @Test
    void aCasesMessagesAreTakenWithoutADeliveryAndNeverSignedFor() throws Exception {
        start();
        for (String type : List.of("CASE_REPLY", "CASE", "WARNING", "ESCALATION")) {
            String caseId = UUID.randomUUID().toString();
            byte[] body = "{\"messageType\":\"%s\",\"caseId\":\"%s\"}".formatted(type, caseId)
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(send(body, SECRET, type, "X-Linkage-Case-Id", caseId)).as(type).isEqualTo(200);
        }
        // decisions pushed after them are signed for (four in five); a case's message never is
        for (int i = 0; i < 10; i++) {
            assertThat(push(UUID.randomUUID().toString(), SECRET)).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !receipts.isEmpty());
        assertThat(receipts).allMatch(r -> r.matches("/api/v1/deliveries/[0-9a-f-]{36}/receipt .*"));
    }

    private void start() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/", exchange -> {
            receipts.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hub.start();
        simulator = new DepartmentEndpointSimulator(new PushProperties(Map.of("SW", new PushProperties.Endpoint(
                URI.create("http://127.0.0.1/SW"), SECRET)), 10, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10),
                Duration.ofSeconds(10)), Clock.systemUTC(), 0, Duration.ofMillis(50),
                new OutgoingHttp(RestClient.builder()));
        simulator.serve(URI.create("http://127.0.0.1:" + hub.getAddress().getPort()));
    }

    private int push(String delivery, String secret) throws IOException, InterruptedException {
        byte[] body = "{\"deliveryId\":\"%s\"}".formatted(delivery).getBytes(StandardCharsets.UTF_8);
        return send(body, secret, "DECISION", "X-Linkage-Delivery-Id", delivery);
    }

    private int send(byte[] body, String secret, String type, String idHeader, String id)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/SW"))
                .header("X-Linkage-Timestamp", timestamp)
                .header("X-Linkage-Signature", WebhookSignature.sign(secret, timestamp, body))
                .header("X-Linkage-Message-Type", type).header(idHeader, id)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
