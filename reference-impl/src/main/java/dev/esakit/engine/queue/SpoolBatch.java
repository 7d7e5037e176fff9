package dev.esakit.engine.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes the spool applies all together or not at all: new messages (envelope, body, first state), state
 * updates, and removals. A hard bounce is one batch (the bounced state and the DSN that reports it), so a
 * crash can never leave a bounce without its DSN, nor a DSN for a recipient that is still open.
 */
public final class SpoolBatch {
    record NewMessage(QueuedMessage message, byte[] content, MessageState state) {
    }

    private final List<NewMessage> added = new ArrayList<>();
    private final List<MessageState> states = new ArrayList<>();
    private final List<Long> removed = new ArrayList<>();

    public SpoolBatch add(QueuedMessage message, byte[] content, MessageState state) {
        added.add(new NewMessage(message, content, state));
        return this;
    }

    public SpoolBatch state(MessageState state) {
        states.add(state);
        return this;
    }

    public SpoolBatch remove(long mid) {
        removed.add(mid);
        return this;
    }

    List<NewMessage> added() {
        return added;
    }

    List<MessageState> states() {
        return states;
    }

    List<Long> removed() {
        return removed;
    }

    public boolean isEmpty() {
        return added.isEmpty() && states.isEmpty() && removed.isEmpty();
    }
}
