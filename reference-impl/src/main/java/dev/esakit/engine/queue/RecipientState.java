package dev.esakit.engine.queue;

import java.time.Instant;

/**
 * The persisted state of one recipient: its status, how many delivery attempts it had, and when the next one
 * is due ({@code null} once final).
 */
public record RecipientState(RecipientStatus status, int attempts, Instant nextAttempt) {

    public static RecipientState pending(Instant due) {
        return new RecipientState(RecipientStatus.PENDING, 0, due);
    }

    public boolean isOpen() {
        return !status.isFinal();
    }

    RecipientState delayed(Instant next) {
        return new RecipientState(RecipientStatus.DELAYED, attempts, next);
    }

    RecipientState attempted() {
        return new RecipientState(status, attempts + 1, nextAttempt);
    }

    RecipientState finished(RecipientStatus finalStatus) {
        return new RecipientState(finalStatus, attempts, null);
    }

    RecipientState dueAt(Instant at) {
        return new RecipientState(status, attempts, at);
    }
}
