package org.linkagehub.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import org.linkagehub.platform.QueueBatches;
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

    private final QueueReceipts receipts;
    /** Each a transacted session on the inbox, drained in batches; at most one thread drains each at a time. */
    private final List<QueueBatches> drainers = new ArrayList<>();
    /** Runs every drainer but the first, which runs on the route's timer thread. */
    private final ExecutorService others;

    public ReceiptDrain(QueueReceipts receipts, ConnectionFactory connectionFactory,
            @Value("${linkage.queues.receipts-inbox:linkage.hub.receipts}") String inbox,
            @Value("${linkage.queues.receipts-batch-size:200}") int batchSize,
            @Value("${linkage.queues.receipts-consumers:1}") int consumers) {
        this.receipts = receipts;
        int n = Math.max(1, consumers);
        for (int i = 0; i < n; i++) {
            drainers.add(new QueueBatches(connectionFactory, inbox, batchSize, "Receipts inbox"));
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
            QueueBatches drainer = drainers.get(i);
            if (!drainer.busy()) {
                others.execute(() -> drainer.drain(receipts::acceptAll));
            }
        }
        return drainers.get(0).drain(receipts::acceptAll);
    }

    @Override
    public void destroy() {
        if (others != null) {
            others.shutdown();
        }
        drainers.forEach(QueueBatches::close);
    }

}
