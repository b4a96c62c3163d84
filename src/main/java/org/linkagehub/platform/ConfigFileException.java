package org.linkagehub.platform;

/** A file under {@code routes/} or {@code mappings/} that cannot be used; the message names file and line. */
public class ConfigFileException extends RuntimeException {

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
