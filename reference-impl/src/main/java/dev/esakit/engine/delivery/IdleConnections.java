package dev.esakit.engine.delivery;

import dev.esakit.engine.time.EngineClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Open connections waiting for their next message (CONN-1), per receiving domain. A connection goes back here
 * after a clean transaction; it is closed once it carried the per-connection maximum of messages, or after
 * the idle timeout on the engine clock, or when the peer closes it.
 */
final class IdleConnections {
    private final EngineClock clock;
    private final ConnectionLimits limits;
    private final Duration idleTimeout;
    private final int maxMessages;
    private final Duration quitTimeout;
    private final Map<String, List<DeliveryConnection>> idle = new HashMap<>();
    private boolean closed;

    IdleConnections(EngineClock clock, Duration idleTimeout, int maxMessages, Duration quitTimeout,
                    ConnectionLimits limits) {
        this.limits = limits;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxMessages = maxMessages;
        this.quitTimeout = quitTimeout;
    }

    /** An idle, still open connection of {@code domain} to one of {@code hosts} (earliest host first), or null. */
    DeliveryConnection take(String domain, Collection<InetSocketAddress> hosts) {
        List<DeliveryConnection> stale = new ArrayList<>();
        DeliveryConnection found = null;
        synchronized (this) {
            List<DeliveryConnection> list = idle.get(domain);
            if (list != null) {
                list.removeIf(c -> {
                    if (!c.usable()) {
                        stale.add(c);
                        return true;
                    }
                    return false;
                });
                for (InetSocketAddress wanted : hosts) {
                    for (Iterator<DeliveryConnection> it = list.iterator(); it.hasNext() && found == null; ) {
                        DeliveryConnection c = it.next();
                        if (c.host.address().equals(wanted)) {
                            it.remove();
                            found = c;
                        }
                    }
                    if (found != null) {
                        break;
                    }
                }
            }
        }
        stale.forEach(c -> c.close(false, quitTimeout));
        if (found != null) {
            found.busy = true;
            EngineClock.Scheduled timer = found.idleTimer;
            if (timer != null) {
                timer.cancel();
            }
            if (!found.usable()) { // the peer closed it just now
                found.close(false, quitTimeout);
                return take(domain, hosts);
            }
        }
        return found;
    }

    /**
     * The owner is done with {@code c}: keep it for the next message, or close it. A kept connection is checked
     * with RSET (as Postfix does before caching one): it is in the pool at once, but a taker waits for
     * {@link DeliveryConnection#ready} and opens a new connection when the check failed, so a server that hangs
     * up after each message is never handed to the next message as if it were open.
     */
    void release(DeliveryConnection c) {
        boolean keep;
        synchronized (this) {
            keep = !closed && c.usable() && c.messages < maxMessages && !limits.othersWaitForTheSystemLimit(c.domain);
            if (keep) {
                c.ready = c.conversation.send(io.netty.handler.codec.smtp.SmtpRequests.rset(), quitTimeout)
                        .handle((r, e) -> e == null && r.positive());
                idle.computeIfAbsent(c.domain, d -> new ArrayList<>()).add(c);
                c.busy = false;
            }
        }
        if (!keep) {
            c.close(true, quitTimeout); // CONN-2: another domain waits for a system-wide slot: give it this one
            return;
        }
        c.idleTimer = clock.schedule(idleTimeout, () -> {
            if (remove(c)) {
                c.close(true, quitTimeout);
            }
        });
        c.ready.thenAccept(ok -> {
            if ((!ok || !c.usable()) && remove(c)) {
                c.close(false, quitTimeout);
            }
        });
        limits.wake(c.domain); // CONN-2: a message waiting for a slot of this domain takes this connection
    }

    /**
     * CONN-2: frees a connection slot by closing an idle connection: one of {@code domain}, else, when the
     * system-wide limit is reached ({@code anyDomain}), one of any domain; false if there is none.
     */
    boolean evictOne(String domain, boolean anyDomain) {
        DeliveryConnection victim = null;
        synchronized (this) {
            List<DeliveryConnection> list = idle.get(domain);
            if (list != null && !list.isEmpty()) {
                victim = list.remove(0);
            } else if (anyDomain) {
                for (List<DeliveryConnection> other : idle.values()) {
                    if (!other.isEmpty()) {
                        victim = other.remove(0);
                        break;
                    }
                }
            }
        }
        if (victim == null) {
            return false;
        }
        victim.close(true, quitTimeout);
        return true;
    }

    private synchronized boolean remove(DeliveryConnection c) {
        List<DeliveryConnection> list = idle.get(c.domain);
        return list != null && list.remove(c);
    }

    /** At engine shutdown: QUIT every idle connection. */
    void closeAll() {
        List<DeliveryConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(c -> c.close(true, quitTimeout));
    }
}
