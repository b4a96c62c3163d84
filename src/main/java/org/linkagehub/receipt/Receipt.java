package org.linkagehub.receipt;

import org.linkagehub.delivery.DeliveryStatus;

/**
 * A department's acknowledgement of one delivery.
 *
 * @param status   SIGNED (签收), SUPERVISION_STARTED (启动监管程序) or RETURNED (退回: not ours)
 * @param signedBy who signed, as the department names them (optional)
 */
public record Receipt(DeliveryStatus status, String signedBy, String note) {
}
