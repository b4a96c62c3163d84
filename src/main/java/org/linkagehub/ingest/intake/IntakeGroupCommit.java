package org.linkagehub.ingest.intake;

import java.util.Collections;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeExtension;
import org.apache.camel.ProducerTemplate;
import org.linkagehub.platform.GroupCommit;
import org.linkagehub.platform.GroupCommitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chunks that come to be written at the same time, from several payloads (concurrent webhooks, a poll beside them),
 * share one transaction and one commit ({@link GroupCommit}): the caller who finds the writer free runs each waiting
 * chunk through the transacted route {@code intake-chunk}, which joins its transaction, in the order they came (so a
 * later chunk sees what an earlier one wrote: duplicates and versions are told as if one by one), commits once, and
 * only then answers each; a chunk alone is written at once. If any chunk of a group fails, or the commit does, the
 * whole group is rolled back and each chunk is left to its own caller to write alone, as it would have been without
 * the group, so a chunk's own failure goes to the intake route's {@code doCatch} as before and costs the others
 * nothing. A caller already in a transaction of its own writes its chunk in it, alone.
 */
@Component
public class IntakeGroupCommit {

    static final String CHUNK = "direct:intake-chunk";
    private static final Logger log = LoggerFactory.getLogger(IntakeGroupCommit.class);

    private final ProducerTemplate camel;
    private final TransactionTemplate transaction;
    private final GroupCommit<Exchange, Written> together;

    IntakeGroupCommit(ProducerTemplate camel, TransactionTemplate transaction, GroupCommitProperties groups) {
        this.camel = camel;
        this.transaction = transaction;
        this.together = new GroupCommit<>(groups.maxJobs(), this::write);
    }

    /**
     * Writes the payload's current chunk with those of its group ({@link IntakeBatch#isChunkCommitted()}), or leaves it
     * for the route to write alone.
     */
    public IntakeBatch commit(IntakeBatch batch, Exchange exchange) throws Exception {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return batch;
        }
        Written written = together.submit(exchange);
        if (written.failure() != null) {
            throw written.failure();
        }
        return batch;
    }

    /** How many groups of chunks were written so far, how many chunks they held, and how many wait now. */
    public GroupCommit.Figures figures() {
        return together.figures();
    }

    private List<Written> write(List<Exchange> group) {
        if (group.size() == 1) {
            return List.of(alone(group.get(0), camel));
        }
        try {
            transaction.executeWithoutResult(tx -> {
                for (Exchange job : group) {
                    camel.send(CHUNK, job);
                    if (job.getException() != null || job.isRollbackOnly() || job.isRollbackOnlyLast()) {
                        throw new GroupRolledBack(job.getException());
                    }
                }
            });
        } catch (RuntimeException e) {
            Throwable cause = e instanceof GroupRolledBack && e.getCause() != null ? e.getCause() : e;
            log.warn("A group of {} chunks was rolled back ({}); each is written again alone", group.size(),
                    cause.toString());
            group.forEach(IntakeGroupCommit::again);
            return Collections.nCopies(group.size(), Written.LEFT);
        }
        group.forEach(IntakeGroupCommit::committed);
        return Collections.nCopies(group.size(), Written.COMMITTED);
    }

    /**
     * A chunk alone is written in its own transaction as the route would write it; its failure is its caller's, to
     * the intake route's {@code doCatch} as before.
     */
    private static Written alone(Exchange job, ProducerTemplate camel) {
        camel.send(CHUNK, job);
        Exception failure = job.getException();
        if (failure == null) {
            committed(job);
            return Written.COMMITTED;
        }
        job.setException(null);
        return new Written(false, failure);
    }

    private static void committed(Exchange job) {
        job.getMessage().getBody(IntakeBatch.class).current().committed = true;
    }

    /** Clears what the rolled-back attempt left on the exchange and in its batch, so that it can be written again. */
    private static void again(Exchange job) {
        job.setException(null);
        job.setRollbackOnly(false);
        job.setRollbackOnlyLast(false);
        ExchangeExtension claim = job.getExchangeExtension();
        claim.setFailureHandled(false);
        claim.setErrorHandlerHandled(null);
        claim.setRedeliveryExhausted(false);
        IntakeBatch batch = job.getMessage().getBody(IntakeBatch.class);
        if (batch != null && batch.current() != null) {
            batch.again();
        }
    }

    /** What became of a chunk in its group: committed, left to write alone, or failed alone. */
    private record Written(boolean committed, Exception failure) {
        static final Written COMMITTED = new Written(true, null);
        static final Written LEFT = new Written(false, null);
    }

    /** A chunk of the group failed: the group's transaction is rolled back. */
    private static final class GroupRolledBack extends RuntimeException {
        GroupRolledBack(Throwable cause) {
            super(cause == null ? "a chunk was marked for rollback" : cause.toString(), cause, false, false);
        }
    }
}
