package org.linkagehub.platform;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * A multipart body that cannot be read (no boundary, cut short, past {@code spring.servlet.multipart.*}) is the
 * caller's fault: Spring parses it before any controller is chosen, and a plain {@link MultipartException} would
 * answer 500. This answers 400, and 413 past Spring's bounds, with the body {@link ErrorAnswers} gives every other
 * refusal. The body is written here and not by Boot's error page: the error dispatch of such a POST came back with
 * an empty body and the connection closed.
 */
@ControllerAdvice
class MultipartAnswers {

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> refuse(MultipartException e, HttpServletRequest request) {
        HttpStatus status = e instanceof MaxUploadSizeExceededException ? HttpStatus.PAYLOAD_TOO_LARGE
                : HttpStatus.BAD_REQUEST;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", OffsetDateTime.now());
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", ErrorAnswers.message(e, status.value(), "the multipart body cannot be read"));
        body.put("path", request.getRequestURI());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
