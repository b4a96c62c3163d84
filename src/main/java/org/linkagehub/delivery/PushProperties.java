package org.linkagehub.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code linkage.push.*}: where each HTTP department's endpoint is and how hard to try it.
 *
 * @param departments    endpoint and signing secret by department code ({@code linkage.push.departments.ZRZY.url})
 * @param maxAttempts    after this many failed attempts a message is parked (kept, shown in health, retried only by
 *                       an operator)
 * @param initialBackoff the wait after the first failure; each further failure multiplies it by
 *                       {@code multiplier}, up to {@code maxBackoff}
 * @param timeout        connect and response timeout of one attempt
 */
@ConfigurationProperties("linkage.push")
public record PushProperties(Map<String, Endpoint> departments, @DefaultValue("10") int maxAttempts,
        @DefaultValue("PT2S") Duration initialBackoff, @DefaultValue("2.0") double multiplier,
        @DefaultValue("PT10M") Duration maxBackoff, @DefaultValue("PT10S") Duration timeout) {

    public PushProperties {
        departments = departments == null ? Map.of() : Map.copyOf(departments);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("linkage.push.max-attempts must be at least 1");
        }
    }

    /** The wait before attempt {@code failures + 1}, after {@code failures} failures. */
    public Duration backoff(int failures) {
        double factor = Math.pow(multiplier, Math.max(0, failures - 1));
        double millis = Math.min(initialBackoff.toMillis() * factor, maxBackoff.toMillis());
        return Duration.ofMillis((long) millis);
    }

    /**
     * @param url    the department's endpoint; each message is POSTed to it
     * @param secret the HMAC-SHA256 key both sides hold
     */
    public record Endpoint(URI url, String secret) {
    }
}
