package dev.esakit.engine.delivery;

import dev.esakit.engine.log.DeliveryStatus;

/** What became of one recipient in one delivery attempt. */
public sealed interface RecipientOutcome {
    /** The destination took responsibility with a 2xx to the end of data. */
    record Delivered(long dcid, String reply) implements RecipientOutcome {
    }

    /** Every host deferred or failed: the queue holds the recipient for a retry (SEL-4). */
    record Delayed(long dcid, DeliveryStatus status) implements RecipientOutcome {
    }

    /** A permanent failure: the recipient is bounced with a DSN to the sender. */
    record Bounced(long dcid, DeliveryStatus status) implements RecipientOutcome {
    }

    default boolean isFinal() {
        return !(this instanceof Delayed);
    }
}
