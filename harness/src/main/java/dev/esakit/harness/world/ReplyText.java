package dev.esakit.harness.world;

import java.util.ArrayList;
import java.util.List;

/** Reads a reply as a scenario writes it, in wire form: {@code 452-example.com ESMTP} / {@code 452 4.3.1 ...}. */
public record ReplyText(int code, List<String> lines) {

    public static ReplyText parse(String text) {
        List<String> lines = new ArrayList<>();
        int code = -1;
        String[] raw = text.strip().split("\r?\n");
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("reply line " + (i + 1) + " does not start with a 3-digit code: '"
                        + line + "'");
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new IllegalArgumentException("reply line " + (i + 1) + " has code " + lineCode
                        + " but the reply began with " + code);
            }
            code = lineCode;
            char sep = line.length() > 3 ? line.charAt(3) : ' ';
            boolean last = i == raw.length - 1;
            if (last != (sep == ' ')) {
                throw new IllegalArgumentException("reply line " + (i + 1) + " should use '" + (last ? ' ' : '-')
                        + "' after the code: '" + line + "'");
            }
            // "\\r" in a scenario stands for a bare carriage return inside the line (LOG-3: a peer trying to
            // start a log line of its own).
            lines.add((line.length() > 4 ? line.substring(4) : "").replace("\\r", "\r"));
        }
        return new ReplyText(code, lines);
    }

    public String[] linesArray() {
        return lines.toArray(String[]::new);
    }
}
