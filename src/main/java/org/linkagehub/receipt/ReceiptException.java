package org.linkagehub.receipt;

import org.springframework.http.HttpStatus;

/** A receipt the hub refuses, with the HTTP status and a message that says why. */
public class ReceiptException extends RuntimeException {

    private final HttpStatus status;

    public ReceiptException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
