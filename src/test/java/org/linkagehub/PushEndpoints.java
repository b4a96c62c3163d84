package org.linkagehub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP departments' endpoints as a test plays them: a real local HTTP server on the test hub's push port
 * ({@link HubIntegrationTest#PUSH_PORT}), a path {@code /<CODE>} per department, each request handed to the test.
 * One test class at a time holds the port: start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
public final class PushEndpoints implements AutoCloseable {

    /** What a test does with one push to a department's endpoint. */
    @FunctionalInterface
    public interface Handler {
        void handle(String department, HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService handlers;

    private PushEndpoints(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    public static PushEndpoints start(List<String> departments, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", HubIntegrationTest.PUSH_PORT), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        for (String code : departments) {
            server.createContext("/" + code, exchange -> handler.handle(code, exchange));
        }
        server.start();
        return new PushEndpoints(server, handlers);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
