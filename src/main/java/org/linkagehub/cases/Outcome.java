package org.linkagehub.cases;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.linkagehub.canonical.Decision.DecisionType;

/** The bureau's answer; a WILL_* answer waits for the decision that keeps the promise. */
public enum Outcome {
    WILL_REVOKE(EnumSet.of(DecisionType.REVOKE)),
    WILL_CHANGE(EnumSet.of(DecisionType.CHANGE)),
    WILL_TERMINATE(EnumSet.of(DecisionType.CANCEL, DecisionType.REVOKE)),
    REJECTED(EnumSet.noneOf(DecisionType.class)),
    NOTED(EnumSet.noneOf(DecisionType.class));

    private final Set<DecisionType> keptBy;

    Outcome(Set<DecisionType> keptBy) {
        this.keptBy = keptBy;
    }

    /** Whether the case waits for a decision after this reply. */
    public boolean promises() {
        return !keptBy.isEmpty();
    }

    /** Whether a decision of this type does what was promised. */
    public boolean keptBy(DecisionType type) {
        return keptBy.contains(type);
    }

    public static Optional<Outcome> parse(String s) {
        return Arrays.stream(values()).filter(o -> o.name().equals(s)).findFirst();
    }
}
