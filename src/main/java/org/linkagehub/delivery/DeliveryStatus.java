package org.linkagehub.delivery;

/**
 * PENDING (in the outbox) → DISPATCHED (accepted by the broker or the department's endpoint) → DELIVERED
 * (where the channel can tell the department took it) → SIGNED → SUPERVISION_STARTED, or RETURNED, which an
 * operator closes as REROUTED when a new delivery goes to the right department.
 * Lateness is not a status: a delivery carries its deadlines and an overdue flag.
 *
 * <p>The database keeps each delivery's {@link #phase()} beside its status (migration V33) and indexes that, never
 * the status: so the transport's steps change no indexed column and cost no index entry.
 */
public enum DeliveryStatus {
    PENDING, DISPATCHED, DELIVERED, SIGNED, SUPERVISION_STARTED, RETURNED, REROUTED;

    /** The phase the transport's steps do not change: PENDING, DISPATCHED and DELIVERED are all {@code UNSIGNED}. */
    public static final String UNSIGNED = "UNSIGNED";

    /**
     * What the column {@code delivery.phase} holds for this status (V33 computes it in SQL the same way): the status
     * itself, or {@link #UNSIGNED} for a step of the transport.
     */
    public String phase() {
        return this == PENDING || this == DISPATCHED || this == DELIVERED ? UNSIGNED : name();
    }

    /** Has the department signed for it (or gone further)? */
    public boolean signed() {
        return this == SIGNED || this == SUPERVISION_STARTED;
    }
}
