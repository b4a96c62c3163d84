package org.linkagehub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * The RestClient calls answer and fail as the JDK client's did: any status with its body, the exact bytes sent,
 * and the JDK's own exceptions for a refused connection and a timeout.
 */
class OutgoingHttpTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private RestClient client;
    private volatile byte[] received;
    private volatile String contentType;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            received = exchange.getRequestBody().readAllBytes();
            contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] answer = "{\"code\":500}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        client = new OutgoingHttp(RestClient.builder()).client(HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void anyStatusComesBackWithItsBodyAndTheBytesSentAreTheBytesGiven() throws Exception {
        byte[] body = "{\"名称\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
        OutgoingHttp.Answer answer = OutgoingHttp.call(client.post().uri(url("/echo"))
                .header("Content-Type", "application/json; charset=utf-8")
                .contentLength(body.length).body(out -> out.write(body)), true);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":500}");
        assertThat(received).isEqualTo(body);
        assertThat(contentType).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void aSlowAnswerFailsWithTheJdksTimeout() {
        RestClient impatient = new OutgoingHttp(RestClient.builder()).client(HttpClient.newHttpClient(),
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> OutgoingHttp.call(impatient.get().uri(url("/hang")), false))
                .isInstanceOf(HttpTimeoutException.class).hasMessage("request timed out");
    }

    @Test
    void aRefusedConnectionFailsWithTheJdksConnectException() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/");
        assertThatThrownBy(() -> OutgoingHttp.call(client.get().uri(nowhere), false))
                .isInstanceOf(ConnectException.class);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
