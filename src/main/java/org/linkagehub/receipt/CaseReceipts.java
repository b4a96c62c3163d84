package org.linkagehub.receipt;

import java.util.UUID;

import org.linkagehub.canonical.StrictInput;
import org.linkagehub.cases.CaseService;
import org.linkagehub.delivery.DeliveryStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Receipts for cases (issue 12): the approval bureau signs for a department's letter (签收) with the same receipt it
 * sends for a delivery, {@code caseId} in place of {@code deliveryId}, by REST or by queue. Only SIGNED applies to a
 * case (a letter is neither supervised nor returned); the cases feature owns the case and its history, this only
 * turns its answer into the receipts' refusals.
 */
@Component
public class CaseReceipts {

    private final CaseService cases;

    public CaseReceipts(CaseService cases) {
        this.cases = cases;
    }

    /** Whether {@code department} is the bureau, the only one that signs for cases. */
    boolean signsCases(String department) {
        return cases.isBureau(department);
    }

    /**
     * Signs for the case as {@code department}; idempotent.
     *
     * @throws ReceiptException 400 for another status than SIGNED, 404 for no such case, 403 for a case of another
     *                          bureau
     */
    CaseService.SignResult apply(String department, UUID caseId, Receipt receipt, String actor) {
        if (receipt.status() != DeliveryStatus.SIGNED) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "a case takes only the status SIGNED (签收); it answers "
                    + "with its reply, POST /api/v1/cases/{caseId}/reply");
        }
        CaseService.SignResult result = cases.sign(department, caseId, receipt.signedBy(), receipt.note(), actor);
        return switch (result.outcome()) {
            case NOT_FOUND -> throw new ReceiptException(HttpStatus.NOT_FOUND, "no case " + caseId);
            case NOT_THE_BUREAU -> throw new ReceiptException(HttpStatus.FORBIDDEN,
                    "case " + caseId + " was not sent to " + department + "; only its bureau signs for it");
            default -> result;
        };
    }

    /** The case id of a receipt, or 404: a text that is no uuid names no case. */
    static UUID caseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ReceiptException(HttpStatus.NOT_FOUND, "no case " + StrictInput.shown(text));
        }
    }
}
