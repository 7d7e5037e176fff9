package dev.esakit.fake.smtp;

import java.net.InetSocketAddress;

/** A transcript line as it happens, for live listeners such as the CLI. */
public record TranscriptEvent(int connection, InetSocketAddress remote, TranscriptLine line) {
    @Override
    public String toString() {
        return line.at() + " #" + connection + " " + line;
    }
}
