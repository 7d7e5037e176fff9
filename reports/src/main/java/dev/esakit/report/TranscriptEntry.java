package dev.esakit.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an SMTP conversation as a fake server saw it.
 *
 * @param at        when the line was sent or received
 * @param direction {@code "C"} for client to server, {@code "S"} for server to client
 * @param text      the line without its CRLF
 */
public record TranscriptEntry(Instant at, String direction, String text) {
    public static final String CLIENT = "C";
    public static final String SERVER = "S";

    public TranscriptEntry {
        Objects.requireNonNull(at, "at is required");
        Objects.requireNonNull(direction, "direction is required");
        if (!direction.equals(CLIENT) && !direction.equals(SERVER)) {
            throw new IllegalArgumentException("direction must be \"C\" or \"S\", was \"" + direction + "\"");
        }
        text = text == null ? "" : text;
    }

    public boolean fromServer() {
        return SERVER.equals(direction);
    }
}
