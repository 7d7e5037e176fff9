package dev.esakit.engine.delivery;

import dev.esakit.engine.time.EngineClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SEL-6: which destination addresses are down. A host that failed at the connection level is down for the
 * bounce profile's initial wait, on the engine clock (so a virtual clock brings it back when time is passed);
 * new deliveries skip it meanwhile. AsyncOS shows the same state in {@code hoststatus}.
 */
public final class HostStatus {
    private final EngineClock clock;
    private final Duration downTime;
    private final Map<InetSocketAddress, Instant> downUntil = new ConcurrentHashMap<>();

    public HostStatus(EngineClock clock, Duration downTime) {
        this.clock = clock;
        this.downTime = downTime;
    }

    public void markDown(InetSocketAddress host) {
        downUntil.put(host, clock.now().plus(downTime));
    }

    public boolean isDown(InetSocketAddress host) {
        Instant until = downUntil.get(host);
        if (until == null) {
            return false;
        }
        if (!clock.now().isBefore(until)) {
            downUntil.remove(host, until);
            return false;
        }
        return true;
    }
}
