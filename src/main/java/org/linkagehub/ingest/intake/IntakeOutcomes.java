package org.linkagehub.ingest.intake;

import java.util.List;

import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.raw.RawInputStore;
import org.springframework.stereotype.Component;

/**
 * What became of a payload: recorded on its raw input (in the transaction of its last chunk, or of its quarantine
 * when it could not be read) and answered to the source route as an {@link IntakeOutcome}.
 */
@Component
public class IntakeOutcomes {

    private final RawInputStore raw;

    IntakeOutcomes(RawInputStore raw) {
        this.raw = raw;
    }

    /** Records the payload's outcome on its raw input, with its decision when it made exactly one. */
    public IntakeBatch mark(IntakeBatch batch) {
        List<?> ids = batch.tally().ids();
        raw.markOutcome(batch.input().id(), batch.status().name(),
                ids.size() == 1 ? batch.tally().ids().get(0) : null);
        return batch;
    }

    public IntakeOutcome answer(IntakeBatch batch) {
        return new IntakeOutcome(batch.status(), batch.input().id(), List.copyOf(batch.tally().ids()),
                batch.isMalformed() ? List.of(batch.malformedReason()) : List.copyOf(batch.tally().reasons()),
                batch.mappingRef());
    }
}
