package dev.esakit.engine.queue;

/** Where one recipient of a held message stands. DELIVERED and BOUNCED are final; the others are still open. */
public enum RecipientStatus {
    /** Not tried yet, or its attempt was cut short (a crash): tried at once on start-up. */
    PENDING,
    /** Every host deferred; tried again at its next attempt time. */
    DELAYED,
    DELIVERED,
    BOUNCED;

    public boolean isFinal() {
        return this == DELIVERED || this == BOUNCED;
    }
}
