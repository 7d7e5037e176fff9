package dev.esakit.engine.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CONN-2: how many delivery connections may be open at once, per receiving domain and in all. A delivery that
 * finds its domain at the limit waits, in arrival order, until a connection of that domain closes (granted: it may
 * open one) or one of that domain's connections goes idle (woken: it may take that one instead).
 */
final class ConnectionLimits {
    private final int maxTotal;
    private final Map<String, Integer> open = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int total;

    private record Waiter(String domain, int max, CompletableFuture<Boolean> granted) {
    }

    ConnectionLimits(int maxTotal) {
        this.maxTotal = maxTotal;
    }

    /**
     * A slot for one more connection of {@code domain}: completes with true once the slot is taken (at once when
     * there is room), or with false when the caller was woken to use an idle connection instead (no slot taken).
     */
    CompletableFuture<Boolean> acquire(String domain, int maxForDomain) {
        CompletableFuture<Boolean> granted = new CompletableFuture<>();
        synchronized (this) {
            if (waiters.isEmpty() && fits(domain, maxForDomain)) {
                take(domain);
                granted.complete(true);
            } else {
                waiters.add(new Waiter(domain, maxForDomain, granted));
            }
        }
        return granted;
    }

    void release(String domain) {
        List<CompletableFuture<Boolean>> grant = new ArrayList<>();
        synchronized (this) {
            open.merge(domain, -1, (a, b) -> a + b == 0 ? null : a + b);
            total--;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (fits(w.domain, w.max)) {
                    take(w.domain);
                    it.remove();
                    grant.add(w.granted);
                }
            }
        }
        grant.forEach(g -> g.complete(true)); // outside the lock: a grant starts a connection
    }

    /** A connection of {@code domain} went idle: the first delivery waiting for that domain may take it. */
    boolean wake(String domain) {
        Waiter woken = null;
        synchronized (this) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.domain.equals(domain)) {
                    it.remove();
                    woken = w;
                    break;
                }
            }
        }
        if (woken == null) {
            return false;
        }
        woken.granted.complete(false);
        return true;
    }

    /** Whether a delivery of another domain waits because the system-wide limit is reached. */
    synchronized boolean othersWaitForTheSystemLimit(String domain) {
        return total >= maxTotal && waiters.stream().anyMatch(w -> !w.domain.equals(domain));
    }

    synchronized boolean full() {
        return total >= maxTotal;
    }

    private boolean fits(String domain, int max) {
        return total < maxTotal && open.getOrDefault(domain, 0) < max;
    }

    private void take(String domain) {
        open.merge(domain, 1, Integer::sum);
        total++;
    }
}
