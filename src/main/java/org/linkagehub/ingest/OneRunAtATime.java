package org.linkagehub.ingest;

import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Lets one run of a polling source's route in at a time (its timer, and a poll asked for by hand or by a test): a
 * run waits for the one in progress, and its exchange's end, however it ends, lets the next one in.
 */
public final class OneRunAtATime {

    private final Semaphore running = new Semaphore(1);

    /** Waits for a run in progress to end; this exchange's completion lets the next one in. */
    public void enter(Exchange exchange) {
        running.acquireUninterruptibly();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.release();
            }
        });
    }
}
