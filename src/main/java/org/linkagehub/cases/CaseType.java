package org.linkagehub.cases;

import java.util.Arrays;
import java.util.Optional;

/** What a department writes to the bureau about. */
public enum CaseType {
    /** An approval the department finds wrong: the bureau is asked to revoke, change or terminate it. */
    ERRONEOUS_APPROVAL,
    /** A penalty the department imposed on a party. */
    PENALTY_DECISION,
    /** A violation the department found, about a decision or a party. */
    VIOLATION_FOUND,
    /** A serious problem for the city government to decide (上报市政府裁定); also goes to the oversight office. */
    MAJOR_ISSUE;

    public static Optional<CaseType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.name().equals(s)).findFirst();
    }
}
