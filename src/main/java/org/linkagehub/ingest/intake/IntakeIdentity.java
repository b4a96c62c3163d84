package org.linkagehub.ingest.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.linkagehub.canonical.Decision;
import org.linkagehub.canonical.DecisionVersions;
import org.linkagehub.canonical.MappingResult;
import org.linkagehub.ingest.IntakeOutcome;
import org.springframework.stereotype.Component;

/**
 * Tells what the decisions of the chunk being written are to those already stored ({@link DecisionVersions}): their
 * lineages locked, their duplicates, lineages and the departments of those lineages looked up in one statement each,
 * then each one a duplicate (the same number and fact) or identified in its lineage (next version, what it
 * supersedes). Runs in the chunk's transaction.
 */
@Component
public class IntakeIdentity {

    private final DecisionVersions versions;
    private final Clock clock;

    IntakeIdentity(DecisionVersions versions, Clock clock) {
        this.versions = versions;
        this.clock = clock;
    }

    public IntakeBatch identify(IntakeBatch batch) {
        IntakeBatch.Chunk chunk = batch.current();
        chunk.begin(clock.instant());
        List<Decision> candidates = new ArrayList<>();
        for (int k = 0; k < chunk.size(); k++) {
            MappingResult result = batch.results().get(chunk.from + k);
            chunk.index[k] = -1;
            if (result.skipped() != null) {
                chunk.settle(k, IntakeOutcome.Status.SKIPPED, Optional.empty(), List.of());
            } else if (result.valid()) {
                chunk.index[k] = candidates.size();
                candidates.add(batch.candidates().get(chunk.from + k));
            }
        }
        chunk.versions = versions.lookUp(candidates);
        for (int k = 0; k < chunk.size(); k++) {
            int i = chunk.index[k];
            if (i < 0) {
                continue;
            }
            Optional<UUID> same = chunk.versions.duplicateOf(i);
            if (same.isPresent()) {
                chunk.settle(k, IntakeOutcome.Status.DUPLICATE, same, List.of());
            } else {
                chunk.identified[k] = chunk.versions.identify(i);
            }
        }
        return batch;
    }
}
