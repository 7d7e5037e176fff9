package dev.esakit.harness.target;

/**
 * A step asked a target for something it cannot show or do (a wait longer than a real relay's profile allows,
 * a log line it has no counterpart for). The report judges such a scenario NOT OBSERVABLE, not failed.
 */
public final class NotObservableException extends RuntimeException {
    public NotObservableException(String message) {
        super(message);
    }
}
