package dev.esakit.engine.delivery;

import dev.esakit.engine.routing.Destination;
import dev.esakit.engine.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which one delivery attempt tries a route's hosts: priority tiers from the lowest number
 * (SEL-1), and inside a tier a round-robin start that moves on with every new connection to that tier
 * (SEL-2). The rotation state is kept per route and tier, for the engine's lifetime.
 */
public final class HostPlan {
    private final Map<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    /** The destinations of {@code route} in the order to try them now. */
    public List<Destination> order(Route route) {
        Map<Integer, List<Destination>> tiers = new TreeMap<>();
        for (Destination d : route.destinations()) {
            tiers.computeIfAbsent(d.priority(), p -> new ArrayList<>()).add(d);
        }
        List<Destination> out = new ArrayList<>();
        tiers.forEach((priority, hosts) -> {
            int start = hosts.size() == 1 ? 0
                    : Math.floorMod(counter(route, priority).get(), hosts.size());
            for (int i = 0; i < hosts.size(); i++) {
                out.add(hosts.get((start + i) % hosts.size()));
            }
        });
        return out;
    }

    /** Called when a new connection opens to {@code d}: the next connection to its tier starts one further. */
    public void connectionOpened(Route route, Destination d) {
        counter(route, d.priority()).incrementAndGet();
    }

    private AtomicInteger counter(Route route, int priority) {
        return rotation.computeIfAbsent(route.domain() + "/" + priority, k -> new AtomicInteger());
    }
}
