package org.linkagehub.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * Told, in the bureau's reply transaction, when a commitment mismatch is confirmed (RECTIFY or WILL_REVOKE, issue 13
 * 二(五)): the commitment checks publish it as a credit record (纳入信用记录). Cases know no one who listens.
 */
public interface FalseCommitments {

    /** The confirmed false commitment: the case, its task, the decision, the department's finding, the bureau's letter. */
    record Confirmed(UUID caseId, UUID taskId, UUID decisionId, String documentNumber, String finding, Letter letter,
            Outcome outcome, Instant at) {
    }

    void confirmed(Confirmed confirmed);
}
