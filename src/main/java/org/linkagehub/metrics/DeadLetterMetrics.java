package org.linkagehub.metrics;

import java.time.Clock;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages the broker gave up on ({@code linkage_dead_letter_messages}): the message count of the dead-letter
 * address {@code DLQ}, over all its queues (the broker creates one per original queue, {@code DLQ.<queue>}). Asked
 * of the broker by a management message, the same way for the embedded and a standalone broker, at most once per
 * {@code linkage.metrics.refresh}; NaN while the broker does not answer.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    static final String DEAD_LETTER_ADDRESS = "DLQ";
    private static final String MANAGEMENT_ADDRESS = "activemq.management";

    private final JmsTemplate jms;
    private final Cached<Long> depth;

    DeadLetterMetrics(ConnectionFactory connectionFactory, MetricsProperties properties, Clock clock) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setReceiveTimeout(5_000);
        this.depth = new Cached<>(this::ask, properties.refresh(), clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("linkage.dead.letter.messages", depth, d -> {
            Long n = d.get();
            return n == null ? Double.NaN : n;
        }).description("Messages in the broker's dead-letter address DLQ").register(registry);
    }

    private Long ask() {
        Message reply = jms.sendAndReceive(MANAGEMENT_ADDRESS, session -> {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.ADDRESS + DEAD_LETTER_ADDRESS, "messageCount");
            return request;
        });
        if (reply == null) {
            throw new IllegalStateException("the broker did not answer a management request");
        }
        Object result;
        boolean succeeded;
        try {
            result = JMSManagementHelper.getResult(reply);
            succeeded = JMSManagementHelper.hasOperationSucceeded(reply);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable management reply", e);
        }
        if (!succeeded) {
            throw new IllegalStateException("management request refused: " + result);
        }
        return ((Number) result).longValue();
    }
}
