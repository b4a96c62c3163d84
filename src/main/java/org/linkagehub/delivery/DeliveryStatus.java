package org.linkagehub.delivery;

/**
 * PENDING (in the outbox) → DISPATCHED (accepted by the broker or the department's endpoint) → DELIVERED
 * (where the channel can tell the department took it) → SIGNED → SUPERVISION_STARTED, or RETURNED, which an
 * operator closes as REROUTED when a new delivery goes to the right department.
 * Lateness is not a status: a delivery carries its deadlines and an overdue flag.
 */
public enum DeliveryStatus {
    PENDING, DISPATCHED, DELIVERED, SIGNED, SUPERVISION_STARTED, RETURNED, REROUTED;

    /** Has the department signed for it (or gone further)? */
    public boolean signed() {
        return this == SIGNED || this == SUPERVISION_STARTED;
    }
}
