package org.linkagehub.delivery;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.linkagehub.platform.IntakeGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On a stop, right after intake has closed and its last requests have been answered (and before the web server and
 * Camel stop): one last drain of the outbox, so what the hub took in is on the departments' queues rather than
 * waiting for the next start. Bounded; whatever is left stays in the outbox, which the next start drains.
 */
@Component
class OutboxFinalDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxFinalDrain.class);
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final OutboxDispatcher outbox;
    private volatile boolean running;

    OutboxFinalDrain(OutboxDispatcher outbox) {
        this.outbox = outbox;
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try {
            long backlog = outbox.backlog();
            boolean retried = false;
            while (backlog > 0 && System.nanoTime() < deadline) {
                if (outbox.drain() == 0) {
                    // another drain held the lock (it sends the same rows), or what is left cannot go now (a
                    // department's queue missing): one more look after the other drain, then leave it to the next start
                    if (retried) {
                        break;
                    }
                    retried = true;
                    LockSupport.parkNanos(200_000_000);
                }
                backlog = outbox.backlog();
            }
            log.info("Outbox drained for the stop; {} message(s) left for the next start", backlog);
        } catch (RuntimeException e) {
            log.warn("Last outbox drain failed; the next start sends what is left: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return IntakeGate.PHASE - 1;
    }
}
