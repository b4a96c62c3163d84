package org.linkagehub.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.linkagehub.platform.AuditLog;
import org.linkagehub.platform.BrokerManagement;
import org.springframework.jms.JmsException;
import org.springframework.stereotype.Service;

/**
 * The broker's dead-letter address ({@code DLQ}, with one auto-created queue {@code DLQ.<queue>} per
 * department queue): how many messages wait there, and the operator's retry, which moves them back to the
 * queue they came from ({@code QueueControl.retryMessages}), audited. Delivery's own: what waits there are
 * deliveries the departments' queues gave up on, and the retry delivers them again.
 *
 * <p>Asks the broker through {@link BrokerManagement} (management messages as the hub's broker user), so the same
 * code works with the embedded broker and with the standalone one of docker-compose.yml, where the hub has no JMX
 * access.
 */
@Service
public class DeadLetters {

    public static final String ADDRESS = "DLQ";

    private final BrokerManagement broker;
    private final AuditLog audit;

    public DeadLetters(BrokerManagement broker, AuditLog audit) {
        this.broker = broker;
        this.audit = audit;
    }

    /** Messages waiting per dead-letter queue; throws IllegalStateException while the broker does not answer. */
    public List<DeadLetterQueue> queues() {
        try {
            return list();
        } catch (Exception e) {
            throw new IllegalStateException("broker management is not answering: " + e.getMessage(), e);
        }
    }

    /** Messages waiting in the dead-letter address, over all its queues. */
    public long messageCount() {
        return ((Number) broker.attribute(ResourceNames.ADDRESS + ADDRESS, "messageCount")).longValue();
    }

    /**
     * Moves every dead letter back to its original queue; returns how many moved. Throws IllegalStateException when
     * the broker does not answer.
     */
    public int retryAll(String actor) {
        try {
            return retry(actor);
        } catch (JmsException e) {
            throw new IllegalStateException("dead-letter retry failed: " + e.getMessage(), e);
        }
    }

    private int retry(String actor) {
        List<DeadLetterQueue> before = list();
        int moved = 0;
        // every queue, not only those whose count says so: a count read under load can lag the queue itself;
        // one queue the broker refuses to retry does not stop the others
        Map<String, String> refused = new LinkedHashMap<>();
        for (DeadLetterQueue q : before) {
            try {
                moved += ((Number) broker.invoke(ResourceNames.QUEUE + q.name(), "retryMessages")).intValue();
            } catch (Exception e) {
                refused.put(q.name(), String.valueOf(e.getMessage()));
            }
        }
        audit.record(actor, "dlq.retry", "broker/" + ADDRESS, Map.of("queues", before),
                Map.of("moved", moved, "queues", list(), "refused", refused));
        return moved;
    }

    private List<DeadLetterQueue> list() {
        Object names;
        try {
            names = broker.attribute(ResourceNames.ADDRESS + ADDRESS, "queueNames");
        } catch (BrokerManagement.Refused e) {
            // an address that does not exist yet (no message was ever dead-lettered) has no queues
            return List.of();
        }
        List<DeadLetterQueue> queues = new ArrayList<>();
        if (names instanceof Object[] array) {
            for (Object name : array) {
                Object count = broker.attribute(ResourceNames.QUEUE + name, "messageCount");
                queues.add(new DeadLetterQueue(String.valueOf(name), ((Number) count).longValue()));
            }
        }
        return queues;
    }

    /** One dead-letter queue and the messages waiting in it. */
    public record DeadLetterQueue(String name, long messages) {
    }
}
