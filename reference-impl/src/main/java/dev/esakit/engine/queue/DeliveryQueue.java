package dev.esakit.engine.queue;

import dev.esakit.engine.delivery.DeliveryAgent;
import dev.esakit.engine.delivery.RecipientOutcome;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.time.EngineClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue manager: owns the state of every accepted message (which recipients are still open, how many
 * attempts were made) and decides when each message is tried. The delivery agent only carries out attempts;
 * the spool only keeps bytes.
 */
public final class DeliveryQueue {
    private final Spool spool;
    private final DeliveryAgent agent;
    private final MailLog log;
    private final EngineClock clock;
    private final BounceProfile profile;
    private final Map<Long, HeldMessage> held = new ConcurrentHashMap<>();

    /** A message the queue still owns: its open recipients and its attempt count. */
    private static final class HeldMessage {
        final QueuedMessage message;
        final List<Integer> open;
        int attempts;

        HeldMessage(QueuedMessage message) {
            this.message = message;
            this.open = new ArrayList<>();
            for (int rid = 0; rid < message.recipients().size(); rid++) {
                open.add(rid);
            }
        }
    }

    public DeliveryQueue(Spool spool, DeliveryAgent agent, MailLog log, EngineClock clock, BounceProfile profile) {
        this.spool = spool;
        this.agent = agent;
        this.log = log;
        this.clock = clock;
        this.profile = profile;
    }

    /** A message that is on stable storage and acknowledged: deliver it now. */
    public void enqueue(QueuedMessage message) {
        HeldMessage h = new HeldMessage(message);
        held.put(message.mid(), h);
        log.queuedForDelivery(message.mid());
        attempt(h);
    }

    /** At start-up: every spooled message is tried again. */
    public void recover(List<QueuedMessage> messages) {
        messages.forEach(m -> {
            HeldMessage h = new HeldMessage(m);
            held.put(m.mid(), h);
            attempt(h);
        });
    }

    public int size() {
        return held.size();
    }

    private void attempt(HeldMessage h) {
        h.attempts++;
        byte[] content = spool.content(h.message.mid());
        agent.deliver(h.message, content, List.copyOf(h.open)).whenComplete((outcomes, error) -> {
            if (error != null) {
                // An engine fault must not lose the message: hold it as if every host deferred.
                hold(h);
                return;
            }
            settle(h, outcomes);
        });
    }

    private synchronized void settle(HeldMessage h, Map<Integer, RecipientOutcome> outcomes) {
        outcomes.forEach((rid, outcome) -> {
            if (outcome.isFinal()) {
                h.open.remove(rid);
            }
        });
        if (h.open.isEmpty()) {
            held.remove(h.message.mid());
            spool.remove(h.message.mid());
            log.messageFinished(h.message.mid());
        } else {
            hold(h);
        }
    }

    /** every open recipient deferred on every host; try again after the profile's wait. */
    private void hold(HeldMessage h) {
        Instant retryAt = clock.now().plus(profile.waitBeforeRetry(h.attempts));
        log.pendingTill(h.message.mid(), List.copyOf(h.open), retryAt);
        clock.schedule(retryAt, () -> attempt(h));
    }
}
