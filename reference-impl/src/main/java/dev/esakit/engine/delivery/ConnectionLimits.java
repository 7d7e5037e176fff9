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
 * finds its domain at the limit waits, in arrival order, until a connection of that domain closes.
 */
final class ConnectionLimits {
    private final int maxTotal;
    private final Map<String, Integer> open = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int total;

    private record Waiter(String domain, int max, CompletableFuture<Void> granted) {
    }

    ConnectionLimits(int maxTotal) {
        this.maxTotal = maxTotal;
    }

    /** A slot for one more connection of {@code domain}; completes at once when there is room. */
    CompletableFuture<Void> acquire(String domain, int maxForDomain) {
        CompletableFuture<Void> granted = new CompletableFuture<>();
        synchronized (this) {
            if (waiters.isEmpty() && fits(domain, maxForDomain)) {
                take(domain);
                granted.complete(null);
            } else {
                waiters.add(new Waiter(domain, maxForDomain, granted));
            }
        }
        return granted;
    }

    void release(String domain) {
        List<CompletableFuture<Void>> grant = new ArrayList<>();
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
        grant.forEach(g -> g.complete(null)); // outside the lock: a grant starts a connection
    }

    synchronized boolean hasWaiters(String domain) {
        return waiters.stream().anyMatch(w -> w.domain.equals(domain));
    }

    synchronized int open(String domain) {
        return open.getOrDefault(domain, 0);
    }

    private boolean fits(String domain, int max) {
        return total < maxTotal && open.getOrDefault(domain, 0) < max;
    }

    private void take(String domain) {
        open.merge(domain, 1, Integer::sum);
        total++;
    }
}
