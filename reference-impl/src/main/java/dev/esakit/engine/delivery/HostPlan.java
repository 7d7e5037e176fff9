package dev.esakit.engine.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which one delivery attempt tries a route's hosts: priority tiers from the lowest number
 * (SEL-1), and inside a tier a round-robin start that moves on with every new connection to that tier
 * (SEL-2: per connection, not per message). The rotation state is kept per route and tier, for the
 * engine's lifetime.
 */
public final class HostPlan {
    private final Map<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    /** The hosts of {@code routeKey}, grouped in tiers (lowest priority first), each tier rotated. */
    public List<List<HostAddress>> tiers(String routeKey, List<HostAddress> hosts) {
        Map<Integer, List<HostAddress>> byPriority = new TreeMap<>();
        for (HostAddress h : hosts) {
            byPriority.computeIfAbsent(h.priority(), p -> new ArrayList<>()).add(h);
        }
        List<List<HostAddress>> out = new ArrayList<>();
        byPriority.forEach((priority, tier) -> {
            int start = tier.size() == 1 ? 0 : Math.floorMod(counter(routeKey, priority).get(), tier.size());
            List<HostAddress> rotated = new ArrayList<>(tier.size());
            for (int i = 0; i < tier.size(); i++) {
                rotated.add(tier.get((start + i) % tier.size()));
            }
            out.add(rotated);
        });
        return out;
    }

    /** A new connection to a host of the tier {@code priority} began: the next one starts one host further. */
    public void connectionOpened(String routeKey, int priority) {
        counter(routeKey, priority).incrementAndGet();
    }

    private AtomicInteger counter(String routeKey, int priority) {
        return rotation.computeIfAbsent(routeKey + "/" + priority, k -> new AtomicInteger());
    }
}
