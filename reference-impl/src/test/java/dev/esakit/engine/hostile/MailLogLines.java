package dev.esakit.engine.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The engine's {@code mail.current} as the bytes on disk say: split on LF only (a stray CR or U+2028 stays
 * inside its line, where a test can see it), and without a last line still being written.
 */
final class MailLogLines {
    /** {@code <ctime> <Level>: } at the start of every line (ESA-PROFILE section 5). */
    static final Pattern STAMP = Pattern.compile(
            "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3]\\d "
                    + "\\d\\d:\\d\\d:\\d\\d \\d{4} (Info|Warning|Critical|Debug|Trace): ");

    private MailLogLines() {
    }

    static List<String> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return lines;
    }

    /** The text after the stamp, for lines that have one. */
    static String text(String line) {
        var m = STAMP.matcher(line);
        return m.find() ? line.substring(m.end()) : line;
    }
}
