package org.linkagehub.cases;

/** OPEN → SIGNED → REPLIED → AWAITING_DECISION → CLOSED, or REPLIED → CLOSED for a REJECTED or NOTED reply. */
public enum CaseStatus {
    OPEN, SIGNED, REPLIED, AWAITING_DECISION, CLOSED;

    public boolean answerable() {
        return this == OPEN || this == SIGNED;
    }
}
