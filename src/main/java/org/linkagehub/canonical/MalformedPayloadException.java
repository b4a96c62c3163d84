package org.linkagehub.canonical;

/** The payload cannot be read at all (wrong encoding, not JSON, no records where the mapping expects them). */
public class MalformedPayloadException extends RuntimeException {

    private final transient Reason reason;

    public MalformedPayloadException(Reason reason) {
        super(reason.message());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
