package org.linkagehub.platform;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Every HTTP call the hub makes itself (pushes to departments, the online hall's pages, the project-approval
 * listing, the demo simulators) goes through a {@link RestClient} built from Boot's auto-configured
 * {@link RestClient.Builder}, so each is timed in {@code http.client.requests} (method, status, outcome and the
 * host as {@code client_name}) on {@code /actuator/prometheus}. Each still runs over the caller's own JDK
 * {@link HttpClient}, as before the move: its connect timeout, its redirect policy and the JVM's TLS set-up; the
 * request timeout becomes the factory's read timeout, which bounds the wait for the answer and its body.
 *
 * <p>{@link #call} gives back status and body whatever the status, and fails with the {@link IOException} the JDK
 * client threw (or {@link InterruptedException}), not RestClient's wrapper: callers keep judging answers and wording
 * failures as they did, and a failure never carries the whole URL with its query string (a token, a cursor).
 */
@Component
public class OutgoingHttp {

    private final RestClient.Builder builder;

    public OutgoingHttp(RestClient.Builder builder) {
        this.builder = builder;
    }

    /** A client over {@code http} whose every request may take {@code timeout} until its answer is read. */
    public RestClient client(HttpClient http, Duration timeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        // a clone: Boot's builder is one per injection point, and a second client here must not share this factory
        return builder.clone().requestFactory(factory).build();
    }

    /** Sends the request; {@code readBody} false drains and drops the body (the answer's body is then empty). */
    public static Answer call(RestClient.RequestHeadersSpec<?> request, boolean readBody)
            throws IOException, InterruptedException {
        try {
            return request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
                    readBody ? response.getBody().readAllBytes() : new byte[0]));
        } catch (ResourceAccessException e) {
            if (!(e.getCause() instanceof IOException io)) {
                throw e;
            }
            if (io.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (io.getClass() == HttpTimeoutException.class) {
                // Spring's timer cancels the exchange ("Request cancelled"): say it as the JDK client's request
                // timeout did; a connect timeout (HttpConnectTimeoutException) is the JDK's own and passes as it is
                throw new HttpTimeoutException("request timed out");
            }
            throw io;
        }
    }

    /** An answer: its status, and its body when it was read. */
    public record Answer(int status, byte[] body) {
    }
}
