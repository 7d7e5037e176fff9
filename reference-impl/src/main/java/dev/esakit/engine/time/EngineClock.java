package dev.esakit.engine.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's notion of time, for log stamps and for the retry schedule. Production runs on the system
 * clock; tests and the catalog run on a {@link VirtualClock} so that "60 seconds pass" takes no time.
 * Socket timeouts stay in real time: they guard against hung peers, not against the schedule.
 */
public interface EngineClock {
    Instant now();

    /** Runs the task once the clock reaches {@code at}; the returned handle cancels it. */
    Scheduled schedule(Instant at, Runnable task);

    default Scheduled schedule(Duration delay, Runnable task) {
        return schedule(now().plus(delay), task);
    }

    interface Scheduled {
        void cancel();
    }
}
