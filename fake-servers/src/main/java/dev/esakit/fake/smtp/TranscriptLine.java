package dev.esakit.fake.smtp;

import java.time.Instant;
import java.util.Objects;

/** One line on the wire, without its CRLF, stamped when the server read or wrote it. */
public record TranscriptLine(Instant at, Direction direction, String text) {
    public TranscriptLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return switch (direction) {
            case CLIENT -> "C: ";
            case SERVER -> "S: ";
            case EVENT -> "*  ";
        } + text;
    }
}
