package org.linkagehub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.linkagehub.platform.AuditLog;
import org.springframework.stereotype.Service;

/**
 * The broker's dead-letter address ({@code DLQ}, with one auto-created queue {@code DLQ.<queue>} per
 * department queue): how many messages wait there, and the operator's retry, which moves them back to the
 * queue they came from ({@code QueueControl.retryMessages}).
 *
 * <p>Talks to the broker by management messages over JMS (the {@code activemq.management} queue) as the hub's
 * broker user, so the same code works with the embedded broker and with the standalone one of
 * docker-compose.yml, where the hub has no JMX access.
 */
@Service
class DeadLetters {

    static final String ADDRESS = "DLQ";
    private static final String MANAGEMENT_QUEUE = "activemq.management";
    private static final long TIMEOUT_MS = 5_000;

    private final ConnectionFactory connections;
    private final AuditLog audit;

    DeadLetters(ConnectionFactory connections, AuditLog audit) {
        this.connections = connections;
        this.audit = audit;
    }

    /** Messages waiting per dead-letter queue. */
    List<DeadLetterQueue> queues() {
        try (Management m = new Management(connections)) {
            return m.queues();
        } catch (Exception e) {
            throw new IllegalStateException("broker management is not answering: " + e.getMessage(), e);
        }
    }

    /** Moves every dead letter back to its original queue; returns how many moved. */
    int retryAll(String actor) {
        try (Management m = new Management(connections)) {
            List<DeadLetterQueue> before = m.queues();
            int moved = 0;
            // every queue, not only those whose count says so: a count read under load can lag the queue itself;
            // one queue the broker refuses to retry does not stop the others
            Map<String, String> refused = new java.util.LinkedHashMap<>();
            for (DeadLetterQueue q : before) {
                try {
                    moved += ((Number) m.invoke(ResourceNames.QUEUE + q.name(), "retryMessages")).intValue();
                } catch (Exception e) {
                    refused.put(q.name(), String.valueOf(e.getMessage()));
                }
            }
            audit.record(actor, "dlq.retry", "broker/" + ADDRESS, Map.of("queues", before),
                    Map.of("moved", moved, "queues", m.queues(), "refused", refused));
            return moved;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("dead-letter retry failed: " + e.getMessage(), e);
        }
    }

    record DeadLetterQueue(String name, long messages) {
    }

    /** One JMS connection used for request/reply management calls. */
    private static final class Management implements AutoCloseable {

        private final Connection connection;
        private final Session session;
        private final Queue management;
        private final TemporaryQueue replies;
        private final MessageConsumer consumer;

        Management(ConnectionFactory factory) throws JMSException {
            connection = factory.createConnection();
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            management = session.createQueue(MANAGEMENT_QUEUE);
            replies = session.createTemporaryQueue();
            consumer = session.createConsumer(replies);
        }

        List<DeadLetterQueue> queues() throws Exception {
            Object names = attribute(ResourceNames.ADDRESS + ADDRESS, "queueNames");
            List<DeadLetterQueue> queues = new ArrayList<>();
            if (names instanceof Object[] array) {
                for (Object name : array) {
                    Object count = attribute(ResourceNames.QUEUE + name, "messageCount");
                    queues.add(new DeadLetterQueue(String.valueOf(name), ((Number) count).longValue()));
                }
            }
            return queues;
        }

        Object attribute(String resource, String attribute) throws Exception {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, attribute);
            return call(request, resource + "." + attribute);
        }

        Object invoke(String resource, String operation) throws Exception {
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, resource, operation);
            return call(request, resource + "." + operation + "()");
        }

        private Object call(Message request, String what) throws Exception {
            request.setJMSReplyTo(replies);
            try (MessageProducer producer = session.createProducer(management)) {
                producer.send(request);
            }
            Message reply = consumer.receive(TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("no answer to " + what + " within " + TIMEOUT_MS + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                // an address that does not exist yet (no message was ever dead-lettered) has no queues
                if (what.startsWith(ResourceNames.ADDRESS)) {
                    return new Object[0];
                }
                throw new IllegalStateException(what + " failed: " + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
