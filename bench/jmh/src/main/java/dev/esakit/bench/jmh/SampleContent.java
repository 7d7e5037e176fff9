package dev.esakit.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Message content for the benchmarks: 78-character lines, one in fifty starting with a dot, cut to a size. */
public final class SampleContent {
    private SampleContent() {
    }

    public static byte[] lines(int size) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < size; line++) {
            text.append(line % 50 == 0 ? "." : "x").append("y".repeat(75)).append("\r\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
