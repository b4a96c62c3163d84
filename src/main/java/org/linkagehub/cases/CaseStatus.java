package org.linkagehub.cases;

/**
 * OPEN → SIGNED → REPLIED → AWAITING_DECISION → CLOSED, or REPLIED → CLOSED for a REJECTED or NOTED reply; a commitment
 * mismatch answered RECTIFY goes REPLIED → RECTIFYING → CLOSED when rectified, or → AWAITING_DECISION (WILL_REVOKE)
 * when not rectified, or nothing reported, by its date.
 */
public enum CaseStatus {
    OPEN, SIGNED, REPLIED, RECTIFYING, AWAITING_DECISION, CLOSED;

    public boolean answerable() {
        return this == OPEN || this == SIGNED;
    }
}
