package org.linkagehub.receipt;

import org.linkagehub.delivery.DeliveryStatus;

/** A delivery's two deadlines: sign for it (签收), then start the supervision procedure. */
public enum DeadlineKind {
    SIGN("sign", "sign-for"), START("start", "supervision-start");

    /** The prefix of the delivery columns that hold this deadline ({@code sign_due_at}, {@code sign_check_at}). */
    final String column;
    final String label;

    DeadlineKind(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** Whether a delivery in {@code status} no longer owes this deadline. RETURNED awaits re-routing instead. */
    boolean met(DeliveryStatus status) {
        return status == DeliveryStatus.RETURNED || status == DeliveryStatus.SUPERVISION_STARTED
                || (this == SIGN && status == DeliveryStatus.SIGNED);
    }
}
