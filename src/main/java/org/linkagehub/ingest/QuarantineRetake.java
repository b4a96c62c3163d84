package org.linkagehub.ingest;

import org.linkagehub.quarantine.Retake;
import org.linkagehub.raw.RawInput;
import org.springframework.stereotype.Component;

/**
 * The intake's side of a quarantine replay or release: the same intake route ({@code direct:intake}, through
 * {@link DecisionIntake#process}) as the first time.
 */
@Component
class QuarantineRetake implements Retake {

    private final DecisionIntake intake;

    QuarantineRetake(DecisionIntake intake) {
        this.intake = intake;
    }

    @Override
    public Result retake(RawInput input) {
        IntakeOutcome outcome = intake.process(input);
        return new Result(outcome.status().name(), outcome.decisionIds(), outcome.reasons(), outcome.mapping());
    }
}
