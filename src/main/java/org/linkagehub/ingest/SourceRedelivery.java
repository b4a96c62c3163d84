package org.linkagehub.ingest;

import java.time.Duration;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a source route asks again after a transient fault, {@code linkage.intake.redelivery.*}: the redelivery policy
 * {@code sourceRedelivery} that {@code routes/error-handling.yaml} names. A bean rather than inline placeholders
 * because the Camel YAML DSL schema wants a number for {@code maximumRedeliveries}, where a placeholder would make
 * the file one that editors refuse.
 *
 * @param maximumRedeliveries how many times the failed step is asked again before the source shows failing
 * @param initialDelay        the first wait; doubled on each redelivery
 * @param maximumDelay        the longest wait
 */
@ConfigurationProperties("linkage.intake.redelivery")
public record SourceRedelivery(@DefaultValue("4") int maximumRedeliveries,
        @DefaultValue("2000ms") Duration initialDelay, @DefaultValue("60000ms") Duration maximumDelay) {

    /** The policy itself: exponential back-off, each retry logged at INFO, the give-up left to the route's bean. */
    public RedeliveryPolicy policy() {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximumRedeliveries);
        policy.setRedeliveryDelay(initialDelay.toMillis());
        policy.setMaximumRedeliveryDelay(maximumDelay.toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(LoggingLevel.INFO);
        policy.setLogExhausted(false);
        return policy;
    }
}
