package dev.esakit.report.html;

import dev.esakit.report.TranscriptEntry;
import dev.esakit.report.TranscriptView;

import java.util.List;
import java.util.Locale;

/**
 * How a connection ended, read from the last reply the server sent: 2xx accepted, 4xx deferred,
 * 5xx rejected, anything else (no reply, a 354 left hanging) unknown. Timeline bars and transcript
 * headers share these colours so that a failover reads at a glance.
 *
 * <p>The reply to QUIT is left out: a relay says QUIT after a deferral too, and a 221 would paint a
 * failed connection green.
 *
 * @param cssClass {@code out-2xx}, {@code out-4xx}, {@code out-5xx} or {@code out-none}
 * @param label    like {@code last reply 452} or {@code no reply}
 * @param code     the three digits, or a dash when there was no reply
 */
record ConnectionOutcome(String cssClass, String label, String code) {

    static ConnectionOutcome of(TranscriptView connection) {
        List<TranscriptEntry> lines = connection.lines();
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            TranscriptEntry e = lines.get(i);
            if (!e.fromServer() && e.text().trim().toUpperCase(Locale.ROOT).equals("QUIT")) {
                end = i;
                break;
            }
        }
        for (int i = end - 1; i >= 0; i--) {
            TranscriptEntry e = lines.get(i);
            if (e.fromServer()) {
                String code = replyCode(e.text());
                if (code == null) {
                    return new ConnectionOutcome("out-none", "last reply unparsable", "?");
                }
                String cls = switch (code.charAt(0)) {
                    case '2' -> "out-2xx";
                    case '4' -> "out-4xx";
                    case '5' -> "out-5xx";
                    default -> "out-none";
                };
                return new ConnectionOutcome(cls, "last reply " + code, code);
            }
        }
        return new ConnectionOutcome("out-none", "no reply", "—");
    }

    /** The three-digit code at the start of a reply line ({@code 250 ok}, {@code 452-full}), or null. */
    private static String replyCode(String text) {
        if (text.length() < 3) {
            return null;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        if (text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-') {
            return null;
        }
        return text.substring(0, 3);
    }
}
