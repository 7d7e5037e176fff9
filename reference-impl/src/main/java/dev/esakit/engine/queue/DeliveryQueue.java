package dev.esakit.engine.queue;

import dev.esakit.engine.EngineFault;
import dev.esakit.engine.IdSequence;
import dev.esakit.engine.delivery.DeliveryAgent;
import dev.esakit.engine.delivery.RecipientOutcome;
import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.time.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The queue manager: owns the state of every accepted message, recipient by recipient, and decides when each is
 * tried, held, expired or bounced (section 4). The delivery agent only carries out attempts; the spool keeps
 * bodies and makes every state change durable. Only envelopes and states live here: a body is read from the
 * spool once an attempt has a connection to carry it, and dropped when the attempt ends.
 *
 * <p>A recipient's life: PENDING, tried; DELIVERED or BOUNCED (final), or DELAYED until its next attempt at
 * {@code now + wait(k)} after its k-th attempt. Before an attempt, a recipient older than the profile's
 * maximum time in the queue bounces without it; after its attempt number {@code maxRetries + 1}
 * fails, it bounces at once. A hard bounce sends one DSN per message and event, committed in the
 * same spool batch as the bounced state.
 */
public final class DeliveryQueue {
    /** The bounce line of an expired recipient (Q-5, LOG-2): no connection, no reply. */
    static final DeliveryStatus EXPIRED = DeliveryStatus.withoutReply("5.4.7", "timeout");
    static final DeliveryStatus BOUNCED_BY_OPERATOR = DeliveryStatus.withoutReply("5.0.0", "bounced by the operator");

    private final Spool spool;
    private final DeliveryAgent agent;
    private final MailLog log;
    private final EngineClock clock;
    private final IdSequence mids;
    private final QueueSettings settings;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Engine-wide settings of the queue. */
    public record QueueSettings(BounceProfiles profiles, RouteTable routes, String reportingMta, ZoneId zone) {
    }

    /** A message the queue still owns. Guarded by its own monitor. */
    private static final class Held {
        final QueuedMessage message;
        final BounceProfile[] profiles;
        MessageState state;
        boolean inFlight;
        boolean gone;
        EngineClock.Scheduled wake;

        Held(QueuedMessage message, MessageState state, BounceProfile[] profiles) {
            this.message = message;
            this.state = state;
            this.profiles = profiles;
        }
    }

    /**
     * The result of one state change: what to commit, and what to do once it is durable: log lines first
     * (the original's {@code Message finished} before any generated message starts its own lines), then the
     * generated messages' delivery.
     */
    private static final class Change {
        final SpoolBatch batch = new SpoolBatch();
        final List<Runnable> afterCommit = new ArrayList<>();
        final List<QueuedMessage> generated = new ArrayList<>();
    }

    public DeliveryQueue(Spool spool, DeliveryAgent agent, MailLog log, EngineClock clock, IdSequence mids,
                         QueueSettings settings) {
        this.spool = spool;
        this.agent = agent;
        this.log = log;
        this.clock = clock;
        this.mids = mids;
        this.settings = settings;
    }

    /** A message that is on stable storage and acknowledged: deliver it now. */
    public void enqueue(QueuedMessage message) {
        Held h = track(message, MessageState.initial(message));
        log.queuedForDelivery(message.mid());
        run(h);
    }

    /** At start-up: every spooled message resumes where it stood; delivered recipients are not sent again. */
    public void recover(List<SpooledMessage> messages) {
        messages.forEach(m -> run(track(m.message(), m.state())));
    }

    public int size() {
        return held.size();
    }

    /** A snapshot of every held message and its state, in MID order: {@code queue list}. */
    public List<SpooledMessage> list() {
        List<SpooledMessage> out = new ArrayList<>();
        for (Held h : held.values()) {
            synchronized (h) {
                out.add(new SpooledMessage(h.message, h.state));
            }
        }
        out.sort(Comparator.comparingLong(m -> m.message().mid()));
        return out;
    }

    /** True while an attempt of the message runs; for tests that step a virtual clock. */
    public boolean attempting(long mid) {
        Held h = held.get(mid);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            return h.inFlight;
        }
    }

    /**
     * {@code queue deliver-now}: every open recipient (of {@code domain} only, when given) is due at once.
     * Returns the number of messages it touched.
     */
    public int deliverNow(String domain) {
        int touched = 0;
        for (Held h : List.copyOf(held.values())) {
            boolean any = false;
            synchronized (h) {
                Instant now = clock.now();
                for (int rid = 0; rid < h.state.recipients().size(); rid++) {
                    RecipientState rs = h.state.recipient(rid);
                    if (rs.isOpen() && (domain == null || domainOf(h.message.recipients().get(rid)).equals(
                            domain.toLowerCase(Locale.ROOT)))) {
                        h.state = h.state.with(rid, rs.dueAt(now));
                        any = true;
                    }
                }
            }
            if (any) {
                touched++;
                run(h);
            }
        }
        return touched;
    }

    /** {@code queue bounce}: hard-bounces every open recipient of the message, with a DSN. */
    public boolean bounce(long mid) {
        return onHeld(mid, (h, change) -> {
            List<DeliveryStatusNotification.Entry> bounces = new ArrayList<>();
            for (int rid = 0; rid < h.state.recipients().size(); rid++) {
                if (h.state.recipient(rid).isOpen()) {
                    bounceRecipient(h, rid, 0, BOUNCED_BY_OPERATOR, bounces);
                }
            }
            conclude(h, bounces, List.of(), change);
        });
    }

    /** {@code queue delete}: forgets the message without a DSN, as an operator's delete does. */
    public boolean delete(long mid) {
        return onHeld(mid, this::finish);
    }

    /** Runs an operator's action on a message still held, under its lock, then commits what it changed. */
    private boolean onHeld(long mid, BiConsumer<Held, Change> action) {
        Held h = held.get(mid);
        if (h == null) {
            return false;
        }
        Change change = new Change();
        synchronized (h) {
            if (h.gone) {
                return false;
            }
            action.accept(h, change);
        }
        commit(change);
        return true;
    }

    /**
     * Stops scheduling: cancels every wake-up and ignores attempts that end later. The spool keeps each
     * message's last committed state, which the next start resumes.
     */
    public void close() {
        closed = true;
        for (Held h : held.values()) {
            synchronized (h) {
                if (h.wake != null) {
                    h.wake.cancel();
                    h.wake = null;
                }
            }
        }
    }

    private Held track(QueuedMessage message, MessageState state) {
        BounceProfile[] profiles = new BounceProfile[message.recipients().size()];
        for (int rid = 0; rid < profiles.length; rid++) {
            profiles[rid] = settings.profiles().forRecipient(message.recipients().get(rid), settings.routes());
        }
        Held h = new Held(message, state, profiles);
        held.put(message.mid(), h);
        return h;
    }

    /** Starts an attempt of every due recipient; first bounces the ones too old to try. */
    private void run(Held h) {
        guarded(h, "the start of an attempt", () -> start(h));
    }

    private void start(Held h) {
        List<Integer> due = new ArrayList<>();
        Change change = new Change();
        synchronized (h) {
            if (closed || h.gone || h.inFlight) {
                return;
            }
            if (h.wake != null) {
                h.wake.cancel();
                h.wake = null;
            }
            Instant now = clock.now();
            List<DeliveryStatusNotification.Entry> expired = new ArrayList<>();
            for (int rid = 0; rid < h.state.recipients().size(); rid++) {
                RecipientState rs = h.state.recipient(rid);
                if (!rs.isOpen() || rs.nextAttempt().isAfter(now)) {
                    continue;
                }
                Duration age = Duration.between(h.message.arrived(), now);
                if (age.compareTo(h.profiles[rid].maxTimeInQueue()) > 0) {
                    bounceRecipient(h, rid, 0, EXPIRED, expired);
                } else {
                    due.add(rid);
                }
            }
            if (!expired.isEmpty()) {
                conclude(h, expired, List.of(), change);
            }
            if (due.isEmpty()) {
                if (!h.gone) {
                    reschedule(h);
                }
            } else {
                h.inFlight = true;
                for (int rid : due) {
                    h.state = h.state.with(rid, h.state.recipient(rid).attempted());
                }
            }
        }
        commit(change);
        if (due.isEmpty()) {
            return;
        }
        CompletableFuture<Map<Integer, RecipientOutcome>> outcomes;
        try {
            outcomes = agent.deliver(h.message, () -> spool.content(h.message.mid()), due);
        } catch (RuntimeException e) {
            outcomes = CompletableFuture.failedFuture(e);
        }
        outcomes.whenComplete((result, error) ->
                guarded(h, "the outcome of an attempt", () -> settle(h, due, result, error)));
    }

    /**
     * Runs the queue manager's own work on a message. A fault in it (a bug, a clock that refuses a timer) must not
     * leave the message in flight, or waiting for a retry no one scheduled, until the next restart: the message
     * goes back to the state it had before the step (what the step decided is not committed), its due recipients
     * held until the message's first retry wait has passed. A recipient the step had found delivered may then be
     * sent twice; none is lost.
     */
    private void guarded(Held h, String step, Runnable work) {
        MessageState before;
        synchronized (h) {
            before = h.state;
        }
        EngineFault.guard(() -> step + " of MID " + h.message.mid(), work, fault -> {
            synchronized (h) {
                h.inFlight = false;
                if (closed || h.gone) {
                    return;
                }
                Instant now = clock.now();
                Instant at = now.plus(h.profiles[0].waitBeforeRetry(1));
                h.state = before;
                for (int rid = 0; rid < before.recipients().size(); rid++) {
                    RecipientState rs = before.recipient(rid);
                    if (rs.isOpen() && !rs.nextAttempt().isAfter(now)) {
                        h.state = h.state.with(rid, rs.delayed(at)); // held, as if every host deferred
                    }
                }
                if (h.wake != null) {
                    h.wake.cancel();
                }
                h.wake = null;
                try {
                    h.wake = clock.schedule(at, () -> run(h));
                } catch (RuntimeException refused) {
                    System.err.println("esakit: MID " + h.message.mid() + " cannot be tried again before a restart: "
                            + refused);
                }
            }
        });
    }

    /** Records the outcome of an attempt: final recipients, holds, retries exhausted, warnings. */
    private void settle(Held h, List<Integer> due, Map<Integer, RecipientOutcome> result, Throwable error) {
        Change change = new Change();
        synchronized (h) {
            h.inFlight = false;
            if (closed || h.gone) {
                return; // deleted or bounced by the operator while the attempt ran
            }
            Instant now = clock.now();
            List<DeliveryStatusNotification.Entry> bounces = new ArrayList<>();
            List<DeliveryStatusNotification.Entry> warnings = new ArrayList<>();
            Map<Instant, List<Integer>> pending = new TreeMap<>();
            for (int rid : due) {
                RecipientState rs = h.state.recipient(rid);
                if (!rs.isOpen()) {
                    continue;
                }
                // An engine fault must not lose the recipient: it is held as if every host deferred.
                RecipientOutcome outcome = error != null || result == null || result.get(rid) == null
                        ? new RecipientOutcome.Delayed(0, DeliveryStatus.withoutReply("4.4.0",
                        error == null ? "no outcome" : String.valueOf(error)))
                        : result.get(rid);
                String rcpt = h.message.recipients().get(rid);
                BounceProfile profile = h.profiles[rid];
                if (outcome instanceof RecipientOutcome.Delivered) {
                    h.state = h.state.with(rid, rs.finished(RecipientStatus.DELIVERED));
                } else if (outcome instanceof RecipientOutcome.Bounced b) {
                    h.state = h.state.with(rid, rs.finished(RecipientStatus.BOUNCED));
                    bounces.add(new DeliveryStatusNotification.Entry(rcpt, b.status()));
                } else if (outcome instanceof RecipientOutcome.Delayed d) {
                    if (rs.attempts() - 1 >= profile.maxRetries()) {
                        bounceRecipient(h, rid, 0, EXPIRED, bounces);
                        continue;
                    }
                    Instant next = now.plus(profile.waitBeforeRetry(rs.attempts()));
                    h.state = h.state.with(rid, rs.delayed(next));
                    pending.computeIfAbsent(next, t -> new ArrayList<>()).add(rid);
                    if (profile.delayWarnings() && rs.attempts() == 2 && !h.state.delayWarningSent()
                            && d.status().basicCode().startsWith("4")) {
                        warnings.add(new DeliveryStatusNotification.Entry(rcpt, d.status()));
                    }
                }
            }
            pending.forEach((at, rids) -> log.pendingTill(h.message.mid(), rids, at));
            conclude(h, bounces, warnings, change);
            if (!h.gone) {
                reschedule(h);
            }
        }
        commit(change);
    }

    private void bounceRecipient(Held h, int rid, long dcid, DeliveryStatus status,
                                 List<DeliveryStatusNotification.Entry> bounces) {
        String rcpt = h.message.recipients().get(rid);
        log.bounced(dcid, h.message.mid(), h.message.sender(), rcpt, rid, status);
        h.state = h.state.with(rid, h.state.recipient(rid).finished(RecipientStatus.BOUNCED));
        bounces.add(new DeliveryStatusNotification.Entry(rcpt, status));
    }

    /** Adds the state change, its DSNs, and the end of a finished message to {@code change}. Holds h's monitor. */
    private void conclude(Held h, List<DeliveryStatusNotification.Entry> bounces,
                          List<DeliveryStatusNotification.Entry> warnings, Change change) {
        boolean nullSender = h.message.sender().isEmpty();
        if (!bounces.isEmpty() && !nullSender) {
            notification(h, DeliveryStatusNotification.Kind.FAILED, bounces, change);
        }
        if (!warnings.isEmpty() && !nullSender) {
            notification(h, DeliveryStatusNotification.Kind.DELAYED, warnings, change);
            h.state = h.state.withDelayWarningSent();
        }
        if (h.state.finished()) {
            finish(h, change);
        } else {
            change.batch.state(h.state);
        }
    }

    private void notification(Held h, DeliveryStatusNotification.Kind kind,
                              List<DeliveryStatusNotification.Entry> entries, Change change) {
        DeliveryStatusNotification dsn = new DeliveryStatusNotification(kind, settings.reportingMta(), h.message);
        entries.forEach(e -> dsn.add(e.recipient(), e.status()));
        long dsnMid = mids.next();
        Instant now = clock.now();
        byte[] content = dsn.render(dsnMid, originalOrNull(h.message.mid()), now, settings.zone());
        QueuedMessage envelope = dsn.envelope(dsnMid, now, content.length);
        change.batch.add(envelope, content, MessageState.initial(envelope));
        long mid = h.message.mid();
        change.afterCommit.add(() -> {
            if (kind == DeliveryStatusNotification.Kind.FAILED) {
                log.bounceGenerated(dsnMid, mid);
            } else {
                log.delayWarningGenerated(dsnMid, mid);
            }
        });
        change.generated.add(envelope);
    }

    /**
     * The original's content for a DSN, or null when the spool cannot read it back (a damaged body segment): the
     * sender still learns of the bounce, without the copy.
     */
    private byte[] originalOrNull(long mid) {
        try {
            return spool.content(mid);
        } catch (RuntimeException e) {
            System.err.println("esakit: the DSN about MID " + mid + " goes without a copy of it: " + e.getMessage());
            return null;
        }
    }

    private void finish(Held h, Change change) {
        h.gone = true;
        if (h.wake != null) {
            h.wake.cancel();
            h.wake = null;
        }
        held.remove(h.message.mid());
        change.batch.remove(h.message);
        change.afterCommit.add(() -> log.messageFinished(h.message.mid()));
    }

    private void reschedule(Held h) {
        Instant next = h.state.nextAttempt();
        if (h.wake != null) {
            h.wake.cancel();
        }
        h.wake = next == null || closed ? null : clock.schedule(next, () -> run(h));
    }

    /**
     * Makes the change durable, then runs what depends on it. If the spool fails, the in-memory state stays
     * the truth for this run and the next change rewrites the whole state; the DSN of a failed batch is lost
     * with it, which only a broken disk can cause.
     */
    private void commit(Change change) {
        if (change.batch.isEmpty()) {
            return;
        }
        spool.commit(change.batch).thenRun(() -> {
            change.afterCommit.forEach(Runnable::run);
            change.generated.forEach(this::enqueue);
        });
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
