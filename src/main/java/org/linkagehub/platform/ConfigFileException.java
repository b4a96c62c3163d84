package org.linkagehub.platform;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A file under {@code routes/} or {@code mappings/} that cannot be used; the message names file and line. */
public class ConfigFileException extends RuntimeException {

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An operator's reload refused over HTTP: 422 with the file and line, and what stays in force instead.
     */
    public ResponseEntity<Map<String, Object>> refusal(Object inForce) {
        HttpStatus status = HttpStatus.UNPROCESSABLE_ENTITY;
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "error", status.getReasonPhrase(),
                "message", getMessage(), "inForce", inForce));
    }
}
