package dev.esakit.engine.smtp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP reply as a peer sent it: the three-digit code and the text of each line (without the code and
 * its separator). A multi-line reply keeps all its lines, so the log can show it as the peer wrote it.
 */
public record SmtpReply(int code, List<String> lines) {
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=\\s|$)");

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public static SmtpReply of(int code, String... lines) {
        return new SmtpReply(code, List.of(lines));
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** The reply as it was on the wire, lines joined by LF: {@code 452-example.com ESMTP\n452 4.3.1 ...}. */
    public String wireText() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(code).append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i));
        }
        return lines.isEmpty() ? String.valueOf(code) : out.toString();
    }

    /** The enhanced status code (RFC 3463) the last line starts with, or null when it has none. */
    public String enhancedCode() {
        if (lines.isEmpty()) {
            return null;
        }
        Matcher m = ENHANCED.matcher(lines.get(lines.size() - 1));
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }
}
