package dev.esakit.bench;

import java.time.Instant;

/** Wall-clock microseconds, the resolution the fake servers' transcripts carry. */
public final class WallClock {
    private WallClock() {
    }

    public static long micros() {
        return micros(Instant.now());
    }

    public static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
