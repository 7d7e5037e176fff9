package dev.esakit.engine.inbound;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads single header fields (Message-ID, Subject) from a message's header section, for the log lines. */
final class HeaderFields {
    private HeaderFields() {
    }

    /** The unfolded value of the first header field named {@code name}, or null. */
    static String find(byte[] content, String name) {
        String text = new String(content, 0, headerEnd(content), StandardCharsets.ISO_8859_1);
        String wanted = name.toLowerCase(Locale.ROOT) + ":";
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith(wanted)) {
                StringBuilder value = new StringBuilder(lines[i].substring(wanted.length()).strip());
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                        && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                    value.append(' ').append(lines[++i].strip());
                }
                return value.toString();
            }
        }
        return null;
    }

    private static int headerEnd(byte[] c) {
        for (int i = 0; i + 1 < c.length; i++) {
            if (c[i] == '\n' && (c[i + 1] == '\n' || (c[i + 1] == '\r' && i + 2 < c.length && c[i + 2] == '\n'))) {
                return i + 1;
            }
        }
        return c.length;
    }
}
