package org.linkagehub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.linkagehub.delivery.PushProperties;
import org.linkagehub.platform.OutgoingHttp;
import org.linkagehub.platform.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The demo's HTTP departments (ZRZY, SW): their own endpoint, as such a department's system would run it, on
 * {@code linkage.demo.department-endpoints.port}. It checks each push's signature with the department's secret
 * (401 when it does not match, so a wrong secret shows in the hub's push retries), answers 200, and for most
 * decisions signs for them through the receipt API a little later with the department's demo token, so the
 * console's scorecards show these departments at work too. Some are left unsigned, to show up as overdue.
 */
@Component
@ConditionalOnProperty(name = "linkage.demo.simulators", havingValue = "true")
class DepartmentEndpointSimulator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DepartmentEndpointSimulator.class);

    private final PushProperties push;
    private final Clock clock;
    private final int port;
    private final Duration signWithin;
    private final RestClient http;
    private final Random random = new Random();
    private final ScheduledExecutorService signer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-department-endpoints");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;
    private volatile URI hub;

    DepartmentEndpointSimulator(PushProperties push, Clock clock,
            @Value("${linkage.demo.department-endpoints.port:8092}") int port,
            @Value("${linkage.demo.department-endpoints.sign-within:PT20S}") Duration signWithin, OutgoingHttp http) {
        this.http = http.client(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        this.push = push;
        this.clock = clock;
        this.port = port;
        this.signWithin = signWithin;
    }

    @EventListener
    void start(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null && !push.departments().isEmpty()) {
            serve(URI.create("http://127.0.0.1:" + event.getWebServer().getPort()));
        }
    }

    /** Serves every configured HTTP department's endpoint; receipts go to the hub at {@code hub}. */
    void serve(URI hub) {
        this.hub = hub;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            push.departments().forEach((code, endpoint) -> server.createContext("/" + code.toUpperCase(Locale.ROOT),
                    exchange -> receive(code.toUpperCase(Locale.ROOT), endpoint.secret(), exchange)));
            server.start();
            log.info("Demo: HTTP departments {} receive their pushes on port {}", push.departments().keySet(), port);
        } catch (IOException e) {
            log.warn("Demo: cannot serve the HTTP departments' endpoints on port {}: {}", port, e.toString());
        }
    }

    private void receive(String code, String secret, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        var headers = exchange.getRequestHeaders();
        boolean signed = WebhookSignature.problem(secret, headers.getFirst("X-Linkage-Timestamp"),
                headers.getFirst("X-Linkage-Signature"), body, clock.instant(), Duration.ofMinutes(5)).isEmpty();
        exchange.sendResponseHeaders(signed ? 200 : 401, -1);
        exchange.close();
        String delivery = headers.getFirst("X-Linkage-Delivery-Id");
        if (signed && "DECISION".equals(headers.getFirst("X-Linkage-Message-Type")) && delivery != null
                && random.nextInt(5) > 0) {
            long within = Math.max(1, signWithin.toMillis());
            signer.schedule(() -> sign(code, delivery), within / 8 + random.nextLong(within), TimeUnit.MILLISECONDS);
        }
    }

    private void sign(String code, String delivery) {
        try {
            byte[] receipt = "{\"status\":\"SIGNED\",\"signedBy\":\"值班员\"}".getBytes(StandardCharsets.UTF_8);
            int status = OutgoingHttp.call(http.post().uri(hub.resolve("/api/v1/deliveries/" + delivery + "/receipt"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer demo-" + code.toLowerCase(Locale.ROOT))
                    .contentLength(receipt.length).body(out -> out.write(receipt)), false).status();
            log.debug("Demo: {} signed for delivery {}: HTTP {}", code, delivery, status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("Demo: {} could not sign for delivery {}: {}", code, delivery, e.toString());
        }
    }

    /** The port the endpoints listen on (the configured one, or the one chosen for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void destroy() {
        signer.shutdownNow();
        if (server != null) {
            server.stop(0);
        }
    }
}
