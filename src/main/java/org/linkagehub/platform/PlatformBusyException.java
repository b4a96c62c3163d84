package org.linkagehub.platform;

/**
 * A platform that answered but cannot serve now (HTTP 429 or 5xx, or its own in-body "busy"): a transient fault that
 * the source routes' shared error handling ({@code routes/error-handling.yaml}) asks again with back-off, never a
 * bad input to quarantine.
 */
public class PlatformBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PlatformBusyException(String message) {
        super(message);
    }
}
