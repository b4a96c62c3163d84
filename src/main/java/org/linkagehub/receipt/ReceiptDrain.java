package org.linkagehub.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Drains the receipts inbox in batches (route {@code receipts-from-queue}, on a timer): each of
 * {@code linkage.queues.receipts-consumers} drainers keeps its own transacted session and takes up to
 * {@code linkage.queues.receipts-batch-size} messages per JMS transaction, applied by {@link QueueReceipts#acceptAll}
 * in two database transactions (the raw inputs, then the receipts with their refusals and outcomes). One Camel JMS
 * consumer applying one receipt per message, 7–8 round trips and 2–3 commits each, bounded the fast path's
 * decisions/s (issue 17): every webhook was answered long before its deliveries were signed for.
 *
 * <p>The database commits first, then the JMS session: a crash in between redelivers the batch, and applying a
 * receipt again changes nothing (receipts are idempotent; its raw input is kept a second time, as when one message
 * is redelivered). With one drainer (the default) receipts are applied in the order the broker holds them, as the
 * single Camel consumer did; more drainers overlap their round trips but give up that order between batches. A
 * failure of the hub itself rolls the batch back to the broker, which redelivers it with back-off;
 * its messages are then taken one at a time, so one that always fails reaches the dead-letter queue alone.
 */
@Component
public class ReceiptDrain implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReceiptDrain.class);

    private final QueueReceipts receipts;
    private final ConnectionFactory connectionFactory;
    private final String inbox;
    private final int batchSize;
    private final List<Drainer> drainers = new ArrayList<>();
    /** Runs every drainer but the first, which runs on the route's timer thread. */
    private final ExecutorService others;

    public ReceiptDrain(QueueReceipts receipts, ConnectionFactory connectionFactory,
            @Value("${linkage.queues.receipts-inbox:linkage.hub.receipts}") String inbox,
            @Value("${linkage.queues.receipts-batch-size:200}") int batchSize,
            @Value("${linkage.queues.receipts-consumers:1}") int consumers) {
        this.receipts = receipts;
        this.connectionFactory = connectionFactory;
        this.inbox = inbox;
        this.batchSize = Math.max(1, batchSize);
        int n = Math.max(1, consumers);
        for (int i = 0; i < n; i++) {
            drainers.add(new Drainer());
        }
        AtomicInteger threads = new AtomicInteger();
        this.others = n == 1 ? null : Executors.newFixedThreadPool(n - 1, r -> {
            Thread thread = new Thread(r, "receipts-drain-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes everything the inbox holds, a batch at a time per drainer: the others are started beside this one
     * (those still busy from the last tick are left to it). Returns how many messages this thread's drainer took.
     */
    public int drain() {
        for (int i = 1; i < drainers.size(); i++) {
            Drainer drainer = drainers.get(i);
            if (!drainer.busy()) {
                others.execute(drainer::drain);
            }
        }
        return drainers.get(0).drain();
    }

    @Override
    public void destroy() {
        if (others != null) {
            others.shutdown();
        }
        drainers.forEach(Drainer::destroy);
    }

    /** One transacted session on the inbox and its batches; at most one thread drains it at a time. */
    private final class Drainer {

        private final ReentrantLock draining = new ReentrantLock();
        /** Messages still to be taken one at a time after a failed batch; used only under {@link #draining}. */
        private int singles;
        /** The session and consumer, kept open between drains; used only under {@link #draining}. */
        private Session session;
        private MessageConsumer consumer;
        private Connection connection;
        /** The last drain could not reach the broker; used only under {@link #draining}. */
        private boolean brokerAway;

        boolean busy() {
            return draining.isLocked();
        }

        int drain() {
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
                        receipts.acceptAll(batch);
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
                // a broken session (a broker restart): the next drain opens a new one, and the batch comes back;
                // said once per outage, not at every tick of the timer
                close();
                if (!brokerAway) {
                    log.warn("Receipts inbox {} not read; retrying at every drain: {}", inbox, e.toString());
                }
                brokerAway = true;
                return 0;
            } finally {
                draining.unlock();
            }
        }

        /**
         * The drainer's own session and consumer: a consumer closed after each drain would hand the messages it has
         * prefetched back to the broker, which counts them as redeliveries.
         */
        private MessageConsumer consumer() throws JMSException {
            if (consumer == null) {
                connection = connectionFactory.createConnection();
                connection.start();
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
                consumer = session.createConsumer(session.createQueue(inbox));
            }
            return consumer;
        }

        private void close() {
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
                log.debug("receipts session already gone: {}", e.toString());
            }
            session = null;
            consumer = null;
            connection = null;
        }

        void destroy() {
            draining.lock();
            try {
                close();
            } finally {
                draining.unlock();
            }
        }
    }
}
