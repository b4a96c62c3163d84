package org.linkagehub.platform;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The small pieces every API controller answers with: an id read from a path, and a plain error answer. */
public final class ApiAnswers {

    private ApiAnswers() {
    }

    /** The path's id, or empty for anything that is not a UUID (which the controller answers 404, not 400 or 500). */
    public static Optional<UUID> uuid(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code {"status":…,"error":…,"message":…}}, as Spring's own error answers look. */
    public static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "error", status.getReasonPhrase(),
                "message", message));
    }
}
