package org.linkagehub.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transacted session on one of the hub's own queues, drained in batches of up to {@code batchSize} messages:
 * each batch is handed to the caller, who applies it in its own database transaction, and the JMS session commits
 * only after that returned — a crash in between redelivers the batch, so what the caller does must be idempotent. A
 * batch the caller fails is rolled back to the broker (which redelivers it with back-off) and its messages are then
 * taken one at a time, so one that always fails reaches the dead-letter queue alone. The session and consumer stay
 * open between drains: a consumer closed after each drain would hand its prefetched messages back to the broker,
 * which counts them as redeliveries. At most one thread drains at a time; a broken session (a broker restart) is
 * reopened at the next drain and said once per outage. Used by the tracking of deliveries and by the receipts.
 */
public final class QueueBatches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueBatches.class);

    /**
     * Applies one batch; a runtime exception rolls the batch back to the broker, a {@link JMSException} (the
     * session broke while reading it) closes the session, which gives the batch back too.
     */
    @FunctionalInterface
    public interface Handler {
        void apply(List<Message> batch) throws JMSException;
    }

    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final int batchSize;
    /** What the queue is, for the log ("Tracking queue", "Receipts inbox"). */
    private final String label;
    private final ReentrantLock draining = new ReentrantLock();
    /** Messages still to be taken one at a time after a failed batch; used only under {@link #draining}. */
    private int singles;
    /** The session and consumer, kept open between drains; used only under {@link #draining}. */
    private Connection connection;
    private Session session;
    private MessageConsumer consumer;
    /** The last drain could not reach the broker; used only under {@link #draining}. */
    private boolean brokerAway;

    public QueueBatches(ConnectionFactory connectionFactory, String queue, int batchSize, String label) {
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.batchSize = Math.max(1, batchSize);
        this.label = label;
    }

    /** Whether a drain is running now. */
    public boolean busy() {
        return draining.isLocked();
    }

    /**
     * Takes everything the queue holds, a batch at a time, through {@code handler}. Returns how many messages were
     * applied; 0 when another drain is running or the broker cannot be reached. A handler's failure is thrown on
     * after its batch was rolled back.
     */
    public int drain(Handler handler) {
        if (!draining.tryLock()) {
            return 0;
        }
        try {
            int total = 0;
            while (true) {
                int limit = singles > 0 ? 1 : batchSize;
                List<Message> batch = new ArrayList<>();
                Message message;
                while (batch.size() < limit && (message = consumer().receiveNoWait()) != null) {
                    batch.add(message);
                }
                brokerAway = false;
                if (batch.isEmpty()) {
                    return total;
                }
                try {
                    handler.apply(batch);
                } catch (RuntimeException e) {
                    session.rollback();
                    singles = Math.max(singles, batch.size());
                    throw e;
                }
                session.commit();
                singles = Math.max(0, singles - 1);
                total += batch.size();
            }
        } catch (JMSException e) {
            closeSession();
            if (!brokerAway) {
                log.warn("{} {} not read; retrying at every drain: {}", label, queue, e.toString());
            }
            brokerAway = true;
            return 0;
        } finally {
            draining.unlock();
        }
    }

    @Override
    public void close() {
        draining.lock();
        try {
            closeSession();
        } finally {
            draining.unlock();
        }
    }

    private MessageConsumer consumer() throws JMSException {
        if (consumer == null) {
            connection = connectionFactory.createConnection();
            connection.start();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = session.createConsumer(session.createQueue(queue));
        }
        return consumer;
    }

    /** Closes the consumer (the application's connection factory does not cache consumers), the session, the connection. */
    private void closeSession() {
        try {
            if (consumer != null) {
                consumer.close();
            }
            if (session != null) {
                session.close();
            }
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException e) {
            log.debug("{} {}: session already gone: {}", label, queue, e.toString());
        }
        consumer = null;
        session = null;
        connection = null;
    }
}
