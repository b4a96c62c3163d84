package org.linkagehub.receipt;

import java.util.Optional;

import org.linkagehub.canonical.MalformedPayloadException;
import org.linkagehub.canonical.StrictInput;
import org.linkagehub.delivery.DeliveryStatus;
import org.springframework.http.HttpStatus;

/**
 * A department's acknowledgement of one delivery.
 *
 * @param status   SIGNED (签收), SUPERVISION_STARTED (启动监管程序) or RETURNED (退回: not ours)
 * @param signedBy who signed, as the department names them (optional, at most {@value #MAX_SIGNED_BY} characters)
 * @param note     the department's note (optional, at most {@value #MAX_NOTE} characters)
 */
public record Receipt(DeliveryStatus status, String signedBy, String note) {

    static final int MAX_SIGNED_BY = 100;
    static final int MAX_NOTE = 2000;

    /**
     * The body as a receipt of {@code type}, by the hub's strict reading ({@link StrictInput#value}).
     *
     * @throws ReceiptException 400 with the strict reading's reason
     */
    static <T> T read(byte[] body, Class<T> type, String expected) {
        try {
            return StrictInput.value(body, type);
        } catch (MalformedPayloadException e) {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, "receipt refused (" + e.reason().rule() + "): "
                    + e.reason().message() + "; expected " + expected + ", status one of " + ReceiptService.ACCEPTED);
        }
    }

    /** Why the department's texts cannot be kept (a control character, a lone surrogate, too long), or empty. */
    static Optional<String> textProblem(String signedBy, String note) {
        return StrictInput.textProblem("signedBy", signedBy, MAX_SIGNED_BY, false)
                .or(() -> StrictInput.textProblem("note", note, MAX_NOTE, false))
                .map(r -> "receipt refused (" + r.rule() + "): " + r.message());
    }

    /** @throws ReceiptException 400 when {@link #textProblem} finds something */
    void check() {
        textProblem(signedBy, note).ifPresent(p -> {
            throw new ReceiptException(HttpStatus.BAD_REQUEST, p);
        });
    }
}
