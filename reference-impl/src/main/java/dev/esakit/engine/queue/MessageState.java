package dev.esakit.engine.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The persisted state of a held message: one {@link RecipientState} per RID, and whether its delay warning
 * went out. The spool writes it with every change, so a restart resumes each recipient where it stood.
 */
public record MessageState(long mid, List<RecipientState> recipients, boolean delayWarningSent) {
    public MessageState {
        recipients = Collections.unmodifiableList(new ArrayList<>(recipients));
    }

    /** A message just accepted: every recipient pending, due at once. */
    public static MessageState initial(QueuedMessage message) {
        List<RecipientState> all = new ArrayList<>();
        for (int i = 0; i < message.recipients().size(); i++) {
            all.add(RecipientState.pending(message.arrived()));
        }
        return new MessageState(message.mid(), all, false);
    }

    public RecipientState recipient(int rid) {
        return recipients.get(rid);
    }

    public boolean finished() {
        return recipients.stream().noneMatch(RecipientState::isOpen);
    }

    /** The earliest next attempt among the open recipients, or null when none is open. */
    public Instant nextAttempt() {
        return recipients.stream().filter(RecipientState::isOpen).map(RecipientState::nextAttempt)
                .min(Instant::compareTo).orElse(null);
    }

    MessageState with(int rid, RecipientState state) {
        List<RecipientState> copy = new ArrayList<>(recipients);
        copy.set(rid, state);
        return new MessageState(mid, copy, delayWarningSent);
    }

    MessageState withDelayWarningSent() {
        return new MessageState(mid, recipients, true);
    }
}
