package dev.esakit.engine.log;

/**
 * Escapes text that came from a peer (a reply, a HELO name, an address, a subject) before it goes into a
 * log line (LOG-3). A line break becomes the two characters {@code \n}, as AsyncOS writes a multi-line reply,
 * so no peer can start a new log line or fake a field at the start of one. Other control characters and
 * Unicode line separators are written as {@code \xNN} / {@code \\uNNNN}; a backslash is doubled so that the
 * escaping cannot itself be forged.
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(CharSequence peerText) {
        if (peerText == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < peerText.length(); i++) {
            char c = peerText.charAt(i);
            String replacement = replacementFor(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(peerText.length() + 16).append(peerText, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? peerText.toString() : out.toString();
    }

    private static String replacementFor(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            case '\u0085':
            case '\u2028':
            case '\u2029':
                return String.format("\\u%04x", (int) c);
            default:
                return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : null;
        }
    }
}
