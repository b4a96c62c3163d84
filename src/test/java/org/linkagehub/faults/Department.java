package org.linkagehub.faults;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A department's own system on its queue, as the integration kit tells it to behave: its own broker user over TCP,
 * acknowledging each message after it has counted it, connecting again whenever the broker goes away (the client
 * library retries the connection every 250 ms). It judges what arrives by {@code deliveryId}: the first sighting is
 * a delivery, a later one of the same broker message ({@code JMSMessageID}) is the broker's redelivery of something
 * whose acknowledgement died with the broker, and a later one in another message is a copy the hub sent.
 */
final class Department implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String code;
    private final ActiveMQConnectionFactory factory;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    /** deliveryId → first JMSMessageID. */
    private final Map<String, String> firstMessage = new ConcurrentHashMap<>();
    /** documentNumber → deliveryIds seen for it. */
    private final Map<String, Set<String>> byDocument = new ConcurrentHashMap<>();
    private final AtomicInteger redeliveries = new AtomicInteger();
    private final AtomicInteger copies = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());

    Department(String code, int brokerPort) {
        this(code, "tcp://127.0.0.1:" + brokerPort
                + "?initialConnectAttempts=40&retryInterval=250&blockOnAcknowledge=true&callTimeout=10000"
                + "&callFailoverTimeout=10000");
    }

    /** The same system on a broker URL of its own, e.g. a primary/backup pair's fail-over URL. */
    Department(String code, String brokerUrl) {
        this.code = code;
        String user = code.toLowerCase();
        this.factory = new ActiveMQConnectionFactory(brokerUrl, user, "demo-" + user);
        this.thread = new Thread(this::consume, "department-" + code);
        thread.setDaemon(true);
        thread.start();
    }

    private void consume() {
        while (running.get()) {
            try (Connection connection = factory.createConnection();
                    Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                    MessageConsumer consumer = session.createConsumer(session.createQueue("linkage.dept." + code))) {
                connection.start();
                while (running.get()) {
                    Message m = consumer.receive(200);
                    if (m != null) {
                        count(m);
                        m.acknowledge();
                    }
                }
            } catch (JMSException | RuntimeException e) {
                reconnects.incrementAndGet();
            }
        }
    }

    private void count(Message m) throws JMSException {
        JsonNode body;
        try {
            body = JSON.readTree(((TextMessage) m).getText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON on " + code + "'s queue", e);
        }
        lastArrival.set(System.nanoTime());
        String deliveryId = body.path("deliveryId").asText();
        String first = firstMessage.putIfAbsent(deliveryId, m.getJMSMessageID());
        if (first == null) {
            byDocument.computeIfAbsent(body.path("documentNumber").asText(),
                    d -> ConcurrentHashMap.newKeySet()).add(deliveryId);
        } else if (first.equals(m.getJMSMessageID())) {
            redeliveries.incrementAndGet();
        } else {
            copies.incrementAndGet();
        }
    }

    /** Distinct deliveries of these documents that arrived. */
    long delivered(Set<String> documents) {
        return documents.stream().filter(byDocument::containsKey).count();
    }

    /** Documents that reached the department under more than one deliveryId: a decision made twice. */
    long doubled(Set<String> documents) {
        return documents.stream().filter(d -> byDocument.getOrDefault(d, Set.of()).size() > 1).count();
    }

    int copies() {
        return copies.get();
    }

    int redeliveries() {
        return redeliveries.get();
    }

    int reconnects() {
        return reconnects.get();
    }

    /** Nanos since the last message arrived. */
    long quietNanos() {
        return System.nanoTime() - lastArrival.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15_000);
    }
}
