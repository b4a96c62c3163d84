package org.linkagehub.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.linkagehub.platform.WebhookSignature;

/**
 * The project-approval platform as the hub meets it: signed events pushed over a few connections, each pushed again
 * until it is answered 200 — after a refused connection, a timeout, a reset or any 5xx, honouring
 * {@code Retry-After} — and signed afresh at each attempt. Every answer is counted by kind, so a test can say that no
 * request was answered 500. Retries wait on the client's own schedule ({@link CompletableFuture#delayedExecutor}).
 */
final class RetryingPlatform {

    /** The matter whose decisions go to ZJ (primary) and YJ (assisting). */
    static final List<String> DEPARTMENTS = List.of("ZJ", "YJ");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BACK_OFF = Duration.ofMillis(500);

    private final URI webhook;
    private final String secret;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger accepted = new AtomicInteger();
    /** Answers by status code; 0 = no answer (refused, reset, timed out). */
    private final Map<Integer, AtomicInteger> answers = new ConcurrentSkipListMap<>();
    private final Map<Integer, String> documents = new ConcurrentHashMap<>();
    private final Map<String, String> unexpected = new ConcurrentHashMap<>();

    /** A platform whose events this run alone sends (its own event ids and document numbers). */
    RetryingPlatform(int port, String secret) {
        this(port, secret, java.util.UUID.randomUUID().toString().substring(0, 6));
    }

    RetryingPlatform(int port, String secret, String run) {
        this.webhook = URI.create("http://127.0.0.1:" + port + "/ingest/project-approval");
        this.secret = secret;
        this.run = run;
    }

    /** Pushes {@code events} events over {@code lanes} connections, each lane one event at a time. */
    CompletableFuture<Void> push(int events, int lanes) {
        CompletableFuture<?>[] all = IntStream.range(0, lanes).mapToObj(lane -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = lane; i < events; i += lanes) {
                int event = i;
                chain = chain.thenCompose(ignored -> deliver(event));
            }
            return chain;
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    private CompletableFuture<Void> deliver(int event) {
        String document = "石审批建许〔2026〕K" + run + "-" + event + "号";
        documents.put(event, document);
        byte[] body = """
                {"eventId":"EV-K-%s-%d","eventType":"APPROVED","spsxbm":"640200-SPJ-ZJ-0008",\
                "spsxmc":"建筑工程施工许可证核发","pfwh":"%s","pfrq":"20261121","jsdw":"宁夏星光置业有限公司",\
                "jsdwdm":"91640205MA7K8L9M0M"}"""
                .formatted(run, event, document).getBytes(StandardCharsets.UTF_8);
        return attempt(body, document);
    }

    private CompletableFuture<Void> attempt(byte[] body, String document) {
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Gcjs-Timestamp", timestamp)
                .header("X-Gcjs-Signature", WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            int status = failure != null ? 0 : response.statusCode();
            answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status == 200) {
                accepted.incrementAndGet();
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (status >= 400 && status < 500) {
                // the platform's own bug, not the hub's weather: kept to fail the test, not retried
                unexpected.put(document, status + " " + response.body());
                return CompletableFuture.<Void>completedFuture(null);
            }
            Duration wait = status == 503 ? response.headers().firstValue("Retry-After").map(Long::parseLong)
                    .map(Duration::ofSeconds).orElse(BACK_OFF) : BACK_OFF;
            Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> attempt(body, document));
        }).thenCompose(next -> next);
    }

    int accepted() {
        return accepted.get();
    }

    /** Answers by HTTP status; 0 counts attempts that got no answer. */
    Map<Integer, AtomicInteger> answers() {
        return answers;
    }

    int answered(int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    /** Every 5xx but 503: what a starting or stopping hub must never answer. */
    int serverErrors() {
        return answers.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                .mapToInt(e -> e.getValue().get()).sum();
    }

    Map<Integer, String> documents() {
        return documents;
    }

    Map<String, String> unexpected() {
        return unexpected;
    }
}
