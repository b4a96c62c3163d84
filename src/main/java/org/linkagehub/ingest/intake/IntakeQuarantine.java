package org.linkagehub.ingest.intake;

import java.util.List;

import org.linkagehub.canonical.MappingResult;
import org.linkagehub.canonical.Reason;
import org.linkagehub.ingest.IntakeOutcome;
import org.linkagehub.quarantine.QuarantineStore;
import org.linkagehub.raw.RawInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps what the intake refuses in quarantine with every reason and the mapping that read it, in the chunk's
 * transaction: a payload that cannot be read at all (whole), or, in record order, each record that is not a valid
 * decision or that no department supervises.
 */
@Component
public class IntakeQuarantine {

    private static final Logger log = LoggerFactory.getLogger(IntakeQuarantine.class);

    private final QuarantineStore quarantine;

    IntakeQuarantine(QuarantineStore quarantine) {
        this.quarantine = quarantine;
    }

    /**
     * What the chunk refuses: the whole payload if it could not be read (its one, empty, chunk), else each record
     * that is not a valid decision or that no department supervises.
     */
    public IntakeBatch refused(IntakeBatch batch) {
        RawInput input = batch.input();
        if (batch.isMalformed()) {
            Reason reason = batch.malformedReason();
            quarantine.quarantine(input.id(), input.source(), input.sourceRef(), List.of(reason), batch.mappingRef());
            log.info("Raw input {} from {} quarantined: {}", input.id(), input.source(), reason.message());
            return batch;
        }
        IntakeBatch.Chunk chunk = batch.current();
        for (int k = 0; k < chunk.size(); k++) {
            MappingResult result = batch.results().get(chunk.from + k);
            if (result.skipped() == null && !result.valid()) {
                chunk.refuse(k, result.reasons());
            } else if (chunk.status[k] != IntakeOutcome.Status.QUARANTINED) {
                continue;
            }
            String ref = result.recordId() != null ? result.recordId() : input.sourceRef();
            quarantine.quarantine(input.id(), input.source(), ref, chunk.reasons[k], batch.mappingRef());
            log.info("Record {} of raw input {} from {} quarantined: {}", ref, input.id(), input.source(),
                    chunk.reasons[k].stream().map(Reason::rule).toList());
        }
        return batch;
    }
}
