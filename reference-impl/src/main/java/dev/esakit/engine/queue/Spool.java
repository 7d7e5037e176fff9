package dev.esakit.engine.queue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage for accepted messages and their per-recipient state. Every future completes only once
 * its change is on stable storage: the listener answers 250 after {@link #store} completes, never before.
 * Bodies stay in the spool, written once; the queue reads one only when an attempt starts.
 */
public interface Spool extends AutoCloseable {
    /** A newly accepted message, every recipient pending. */
    default CompletableFuture<Void> store(QueuedMessage message, byte[] content) {
        return commit(new SpoolBatch().add(message, content, MessageState.initial(message)));
    }

    /** Applies the batch atomically; completes once it is durable. */
    CompletableFuture<Void> commit(SpoolBatch batch);

    byte[] content(long mid);

    /** Every message still held, with its state, as found at start-up; in MID order. */
    List<SpooledMessage> recover();

    /** The highest MID ever stored, so that a restarted engine never reuses one (section 5). */
    long highestMid();

    /** The upper bound last reserved for a counter ("ICID", "MID", "DCID"), or 0: a restart starts above it. */
    long reservedIds(String counter);

    /** Durably records that ids of {@code counter} up to {@code upTo} may be handed out; returns once synced. */
    void reserveIds(String counter, long upTo);

    @Override
    void close();
}
