package dev.esakit.engine.log;

import dev.esakit.engine.time.EngineClock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stamps a line with the ctime of the engine's clock and its level, and hands it to every sink.
 * It knows nothing of the line forms: those live in {@link MailLog}, which is the only caller.
 */
public final class MailLogWriter implements AutoCloseable {
    private final EngineClock clock;
    private final ZoneId zone;
    private final List<LogSink> sinks = new CopyOnWriteArrayList<>();
    /** The stamp of the last line and its second: a busy engine writes many lines a second, one format each. */
    private long stampSecond = Long.MIN_VALUE;
    private String stamp;
    /** Sinks whose last write failed: each outage is reported once, not once a line. */
    private final java.util.Set<LogSink> failing = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public MailLogWriter(EngineClock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public MailLogWriter addSink(LogSink sink) {
        sinks.add(sink);
        return this;
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * Writes one line. Synchronized so that lines reach every sink in one order, whole. A sink that cannot write
     * (a full disk, a syslog receiver gone) loses the line, the other sinks still get it, and the failure is
     * reported on stderr once per outage: the log never throws into the code that moves mail, where an exception
     * would strand a message in the middle of its delivery.
     */
    synchronized void write(Level level, String text) {
        java.time.Instant now = clock.now();
        if (now.getEpochSecond() != stampSecond) {
            stamp = Ctime.format(now, zone);
            stampSecond = now.getEpochSecond();
        }
        String line = stamp + ' ' + level.label() + ": " + text;
        for (LogSink sink : sinks) {
            try {
                sink.write(line);
                if (!failing.isEmpty() && failing.remove(sink)) {
                    System.err.println("esakit: mail log " + sink + " writes again");
                }
            } catch (RuntimeException e) {
                if (failing.add(sink)) {
                    System.err.println("esakit: mail log " + sink + " cannot write (" + e.getMessage()
                            + "); its lines are lost until it writes again");
                }
            }
        }
    }

    @Override
    public void close() {
        sinks.forEach(LogSink::close);
    }
}
