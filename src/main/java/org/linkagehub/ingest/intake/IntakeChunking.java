package org.linkagehub.ingest.intake;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeExtension;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.RuntimeCamelException;
import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionVersions;
import org.linkagehub.ingest.IntakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cuts a payload's records into the chunks written one transaction each: at most {@code linkage.intake.chunk-size}
 * records, and a new chunk wherever a decision relates to an earlier one of the chunk (a version of it, the same
 * number or platform record: {@link DecisionVersions.Run}), so each chunk's duplicates and lineages are looked up
 * once, before any of it is written. A payload with no records is one empty chunk, which records its outcome. A
 * chunk that fails is cut again, one record a chunk, so one record's trouble costs only itself.
 */
@Component
public class IntakeChunking {

    private static final Logger log = LoggerFactory.getLogger(IntakeChunking.class);

    private final IntakeProperties properties;

    IntakeChunking(IntakeProperties properties) {
        this.properties = properties;
    }

    public IntakeBatch cut(IntakeBatch batch) {
        List<Decision> candidates = batch.candidates();
        int size = properties.chunkSize();
        int from = 0;
        DecisionVersions.Run run = new DecisionVersions.Run();
        for (int i = 0; i < candidates.size(); i++) {
            Decision decision = candidates.get(i);
            if (i - from == size || decision != null && run.relatesTo(decision)) {
                batch.queue(from, i);
                from = i;
                run = new DecisionVersions.Run();
            }
            if (decision != null) {
                run.add(decision);
            }
        }
        batch.queue(from, candidates.size());
        return batch;
    }

    /** Takes the next chunk to write, before its transaction begins (so a failure to begin it is this chunk's). */
    public IntakeBatch next(IntakeBatch batch) {
        batch.next();
        return batch;
    }

    /**
     * After the chunk being written failed (and was rolled back): its records become chunks of one, written next;
     * a chunk of one (or none) that fails fails the intake, with the exception as the step threw it. Either way the
     * exchange is cleared of the failed chunk route's claim on the failure, which Camel would otherwise keep and so
     * keep the source route's error handling (redelivery, quarantine) from seeing this or any later failure.
     */
    public IntakeBatch oneByOne(IntakeBatch batch, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught,
            Exchange exchange) {
        ExchangeExtension claim = exchange.getExchangeExtension();
        claim.setFailureHandled(false);
        claim.setErrorHandlerHandled(null);
        claim.setRedeliveryExhausted(false);
        Throwable cause = caught;
        while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        IntakeBatch.Chunk chunk = batch.current();
        if (chunk.size() <= 1) {
            if (cause instanceof RuntimeException e) {
                throw e;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new RuntimeCamelException(cause);
        }
        log.warn("A chunk of {} records of raw input {} failed ({}); retrying them one by one", chunk.size(),
                batch.input().id(), cause.toString());
        batch.oneByOne();
        return batch;
    }
}
