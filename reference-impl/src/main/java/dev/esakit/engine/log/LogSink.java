package dev.esakit.engine.log;

/**
 * Where finished mail log lines go: the {@code mail.current} file, a syslog receiver, a test's memory.
 * A sink receives the whole line including its ctime stamp and level, without a line terminator.
 */
public interface LogSink extends AutoCloseable {
    void write(String line);

    @Override
    default void close() {
    }
}
