package dev.esakit.report;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP connection to one destination host, line by line.
 *
 * @param host       the destination's name in the scenario, like {@code mx-a}
 * @param address    where it listened, {@code ip:port}
 * @param connection the connection's number at that host, from 1
 * @param lines      the conversation in order; empty when nothing was exchanged
 */
public record TranscriptView(String host, String address, int connection, List<TranscriptEntry> lines) {
    public TranscriptView {
        Objects.requireNonNull(host, "host is required");
        address = address == null ? "" : address;
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
