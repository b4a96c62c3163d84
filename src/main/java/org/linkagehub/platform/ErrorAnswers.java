package org.linkagehub.platform;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * The body of every error answer Spring writes ({@code /error}): the hub's own messages stay (they are specific
 * and carry no personal data, {@code server.error.include-message}), but a framework's message, which names Java
 * classes and echoes method signatures, is replaced by a plain one, and a 5xx never says more than that it
 * happened. No exception class and no stack trace, whatever the options.
 */
@Component
class ErrorAnswers extends DefaultErrorAttributes {

    /** A package-qualified name, a method signature, or an exception's class name. */
    private static final Pattern JAVA = Pattern.compile(
            "\\b[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[A-Za-z]|\\w\\([\\w.<>\\[\\], ]*\\)|\\w+(Exception|Error)\\b|\\bjava\\.");

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request,
                options.excluding(ErrorAttributeOptions.Include.EXCEPTION, ErrorAttributeOptions.Include.STACK_TRACE));
        attributes.remove("exception");
        attributes.remove("trace");
        if (attributes.containsKey("message")) {
            int status = attributes.get("status") instanceof Integer s ? s : 500;
            attributes.put("message", message(getError(request), status, String.valueOf(attributes.get("message"))));
        }
        return attributes;
    }

    static String message(Throwable error, int status, String message) {
        if (status >= 500) {
            return "the hub could not answer this request; the cause is in its log";
        }
        if (error instanceof HttpMessageNotReadableException) {
            return "the request body is missing or cannot be read";
        }
        if (error instanceof MissingServletRequestParameterException e) {
            return "the parameter '" + e.getParameterName() + "' is required";
        }
        if (error instanceof MethodArgumentTypeMismatchException e) {
            return "the parameter '" + e.getName() + "' has a value that is not allowed";
        }
        if (error instanceof MissingServletRequestPartException e) {
            return "the part '" + e.getRequestPartName() + "' is missing";
        }
        if (error instanceof HttpMediaTypeNotSupportedException) {
            return "this content type is not accepted here";
        }
        if (error instanceof HttpRequestMethodNotSupportedException e) {
            return "the method " + e.getMethod() + " is not allowed here";
        }
        if (error instanceof MaxUploadSizeExceededException) {
            return "the upload is larger than the hub accepts";
        }
        if (message == null || message.isBlank() || message.equals("No message available") || JAVA.matcher(message).find()) {
            HttpStatus known = HttpStatus.resolve(status);
            return known == null ? "refused" : known.getReasonPhrase();
        }
        return message;
    }
}
