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
    MAJOR_ISSUE,
    /**
     * A commitment grant whose facts did not match (告知承诺核查不符, issue 13): opened by the department's MISMATCH
     * result of its verification task ({@code POST /api/v1/tasks/{taskId}/result}), never filed directly.
     */
    COMMITMENT_MISMATCH;

    /** Whether a department may file it with {@code POST /api/v1/cases} or on its cases address. */
    public boolean fileable() {
        return this != COMMITMENT_MISMATCH;
    }

    public static Optional<CaseType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.name().equals(s)).findFirst();
    }
}
