package org.linkagehub.ingest;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.linkagehub.raw.RawInput;
import org.linkagehub.raw.RawInputStore;
import org.springframework.stereotype.Component;

/**
 * The Java door to the intake route ({@code direct:intake}, {@code routes/intake.yaml}), whose steps turn a stored
 * raw payload into decisions: map, validate, recognise duplicates and versions, route, and write decisions,
 * deliveries and outbox in one transaction per chunk of records — or quarantine a record with every reason. For the
 * code that hands payloads over from Java (a quarantine replay, the sources not yet routes of their own); a route
 * sends to {@code direct:intake} itself. The same steps serve first intake and replay.
 */
@Component
public class DecisionIntake {

    /** The intake route's entry. */
    public static final String ENTRY = "direct:intake";

    private final ProducerTemplate camel;

    public DecisionIntake(ProducerTemplate camel) {
        this.camel = camel;
    }

    /**
     * Processes a payload stored by {@link RawInputStore}, with the mapping named by its source. The records of a
     * many-record payload are written in chunks, one transaction each; a chunk that fails is retried record by
     * record, so one record's trouble costs only itself. What fails the intake (the database away) is thrown as the
     * step threw it, not wrapped by Camel, so callers tell the database's trouble from the payload's as before.
     */
    public IntakeOutcome process(RawInput input) {
        try {
            return camel.requestBody(ENTRY, input, IntakeOutcome.class);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
