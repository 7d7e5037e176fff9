package dev.esakit.engine.queue;

import dev.esakit.engine.log.Ctime;
import java.time.ZoneId;
import java.util.List;

/**
 * The text of {@code queue list}, the same whether the running engine answers or the CLI reads a spool at rest:
 * one line per message, then one indented line per recipient with its status, attempts and next attempt.
 */
public final class QueueListing {
    private QueueListing() {
    }

    public static String format(List<SpooledMessage> messages, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        for (SpooledMessage m : messages) {
            QueuedMessage q = m.message();
            out.append("MID ").append(q.mid()).append(" from <").append(q.sender()).append("> ").append(q.size())
                    .append(" bytes, arrived ").append(Ctime.format(q.arrived(), zone)).append('\n');
            for (int rid = 0; rid < q.recipients().size(); rid++) {
                RecipientState r = m.state().recipient(rid);
                out.append("  RID ").append(rid).append(" <").append(q.recipients().get(rid)).append("> ")
                        .append(r.status()).append(", attempts ").append(r.attempts());
                if (r.isOpen() && r.nextAttempt() != null) {
                    out.append(", next attempt ").append(Ctime.format(r.nextAttempt(), zone));
                }
                out.append('\n');
            }
        }
        out.append(messages.size()).append(messages.size() == 1 ? " message" : " messages").append(" in the queue\n");
        return out.toString();
    }
}
