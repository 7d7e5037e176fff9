package dev.esakit.engine.queue;

import java.time.Instant;
import java.util.List;

/**
 * What the queue keeps in memory about a message: its MID, envelope and arrival. The body stays in the
 * spool. RIDs are indexes into {@code recipients}, from 0.
 */
public record QueuedMessage(long mid, String sender, List<String> recipients, Instant arrived, long size) {
    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }
}
