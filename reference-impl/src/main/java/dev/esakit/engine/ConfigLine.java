package dev.esakit.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement of the engine's line-oriented config files (destination controls, bounce profiles): its
 * whitespace-separated words without the {@code #} comment, its line number, and {@code where}, the
 * {@code source:line: } prefix that every error about it starts with.
 */
public record ConfigLine(String[] words, int number, String where) {

    /** The statements of {@code text}, skipping blank and comment-only lines. */
    public static List<ConfigLine> read(String text, String source) {
        List<ConfigLine> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int hash = lines[i].indexOf('#');
            String line = (hash < 0 ? lines[i] : lines[i].substring(0, hash)).strip();
            if (!line.isEmpty()) {
                out.add(new ConfigLine(line.split("\\s+"), i + 1, source + ":" + (i + 1) + ": "));
            }
        }
        return out;
    }
}
