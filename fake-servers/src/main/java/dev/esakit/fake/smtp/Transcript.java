package dev.esakit.fake.smtp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every line of one connection in both directions. The event loop appends while tests and the CLI read,
 * so reads return snapshots taken under the lock.
 */
public final class Transcript {
    private final int connection;
    private final InetSocketAddress remote;
    private final List<TranscriptLine> lines = new ArrayList<>();
    private final Consumer<TranscriptEvent> listener;

    Transcript(int connection, InetSocketAddress remote, Consumer<TranscriptEvent> listener) {
        this.connection = connection;
        this.remote = remote;
        this.listener = listener;
    }

    /** 1-based number of the connection, in accept order. */
    public int connection() { return connection; }

    public InetSocketAddress remote() { return remote; }

    /** A snapshot of the lines so far. */
    public List<TranscriptLine> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Only the lines one side sent, as text. */
    public List<String> texts(Direction direction) {
        List<String> out = new ArrayList<>();
        for (TranscriptLine line : lines()) {
            if (line.direction() == direction) out.add(line.text());
        }
        return out;
    }

    void add(Direction direction, String text) {
        TranscriptLine line = new TranscriptLine(Instant.now(), direction, text);
        synchronized (lines) {
            lines.add(line);
        }
        if (listener != null) listener.accept(new TranscriptEvent(connection, remote, line));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("connection ").append(connection).append(" from ").append(remote).append('\n');
        for (TranscriptLine line : lines()) out.append(line).append('\n');
        return out.toString();
    }
}
