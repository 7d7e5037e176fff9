package dev.esakit.engine.queue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage for accepted messages. {@link #store} completes only once the message is on stable
 * storage: the listener answers 250 after that, never before.
 */
public interface Spool extends AutoCloseable {
    CompletableFuture<Void> store(QueuedMessage message, byte[] content);

    byte[] content(long mid);

    /** Forgets a message whose every recipient is delivered or bounced. */
    void remove(long mid);

    /** Every message still held, as found at start-up. */
    List<QueuedMessage> recover();

    @Override
    void close();
}
