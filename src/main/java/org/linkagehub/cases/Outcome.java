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
    NOTED(EnumSet.noneOf(DecisionType.class)),
    /** A commitment mismatch confirmed: the party rectifies by a date (责令限期整改), or the grant is revoked. */
    RECTIFY(EnumSet.noneOf(DecisionType.class));

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

    /** Whether this answers a case of that type: RECTIFY, WILL_REVOKE, REJECTED a commitment mismatch. */
    public boolean answers(CaseType type) {
        return type == CaseType.COMMITMENT_MISMATCH ? this == RECTIFY || this == WILL_REVOKE || this == REJECTED
                : this != RECTIFY;
    }

    /** Whether this reply to a commitment mismatch confirms the false commitment (for the credit record). */
    public boolean confirmsFalseCommitment() {
        return this == RECTIFY || this == WILL_REVOKE;
    }

    public static Optional<Outcome> parse(String s) {
        return Arrays.stream(values()).filter(o -> o.name().equals(s)).findFirst();
    }
}
