package dev.esakit.harness.logsource;

import java.util.List;

/**
 * Where a relay's log comes from: a file the relay writes, a syslog stream it pushes, or an API the harness
 * polls. A source collects from {@link #open()} on; a scenario takes a {@link #mark()} when it starts and
 * reads only what came after it, so one long-lived source serves scenario after scenario.
 */
public interface LogSource extends AutoCloseable {
    /** Starts collecting (binds, opens, begins polling). */
    void open();

    /** A position in the stream: everything collected so far lies before it. */
    long mark();

    /** Everything collected after {@code mark}, in arrival order (reads pending input first). */
    List<LogRecord> since(long mark);

    /** A short description for messages and reports. */
    String describe();

    @Override
    void close();
}
