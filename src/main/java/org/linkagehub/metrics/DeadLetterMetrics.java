package org.linkagehub.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.linkagehub.delivery.DeadLetters;
import org.springframework.stereotype.Component;

/**
 * Messages the broker gave up on ({@code linkage_dead_letter_messages}): the message count of the dead-letter
 * address {@code DLQ}, over all its queues (the broker creates one per original queue, {@code DLQ.<queue>}), as
 * {@link DeadLetters} asks the broker by a management message, the same way for the embedded and a standalone
 * broker, at most once per {@code linkage.metrics.refresh}; NaN while the broker does not answer.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    static final String DEAD_LETTER_ADDRESS = DeadLetters.ADDRESS;
    private final Cached<Long> depth;

    DeadLetterMetrics(DeadLetters deadLetters, MetricsProperties properties, Clock clock) {
        this.depth = new Cached<>(deadLetters::messageCount, properties.refresh(), clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("linkage.dead.letter.messages", depth, d -> {
            Long n = d.get();
            return n == null ? Double.NaN : n;
        }).description("Messages in the broker's dead-letter address DLQ").register(registry);
    }
}
