package dev.esakit.engine.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to. {@link #advance} runs every task that falls due, in time order, on the
 * caller's thread, with the clock set to each task's due time while it runs.
 */
public final class VirtualClock implements EngineClock {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(Instant at, Runnable task) {
        Task t = new Task(at, sequence++, task);
        tasks.add(t);
        return () -> {
            synchronized (VirtualClock.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves the clock forward by {@code by}, running each task that falls due on the way. */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.peek();
                if (due == null || due.at.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                if (due.at.isAfter(now)) {
                    now = due.at;
                }
            }
            due.run.run();
        }
    }

    /** Due times of the tasks still waiting, earliest first; for tests and the queue view. */
    public synchronized List<Instant> pending() {
        List<Instant> out = new ArrayList<>();
        tasks.stream().sorted().forEach(t -> out.add(t.at));
        return out;
    }

    private record Task(Instant at, long seq, Runnable run) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
