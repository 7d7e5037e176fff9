package dev.esakit.engine.hostile;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches what Netty logs when an exception escapes our code: "An exceptionCaught() event was fired, and it
 * reached at the tail of the pipeline" and "A task raised an exception" (Netty logs through java.util.logging
 * here: no SLF4J on the test class path). Only records whose stack names engine code count, so other tests
 * running side by side in this JVM cannot be blamed on the engine.
 */
final class NettyWarnings implements AutoCloseable {
    private final Logger netty = Logger.getLogger("io.netty");
    private final List<String> escaped = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue()) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                if (trace.toString().contains("dev.esakit.engine")) {
                    escaped.add(r.getMessage() + "\n" + trace);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    NettyWarnings() {
        netty.addHandler(handler);
    }

    /** Exceptions from engine code that reached Netty's last-resort logging. */
    List<String> escapedExceptions() {
        return List.copyOf(escaped);
    }

    @Override
    public void close() {
        netty.removeHandler(handler);
    }
}
