package dev.esakit.engine.routing;

/** A routes file that cannot be read; the message names the file, the line and what is wrong. */
public final class RoutesFormatException extends RuntimeException {
    public RoutesFormatException(String message) {
        super(message);
    }

    public RoutesFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
