package dev.esakit.harness.logsource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one syslog message in either of the forms relays send: RFC 5424
 * ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG}) or the BSD form of RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG}). An ESA pushes mail_logs in the BSD form without a host
 * field ({@code <22>Jul  2 09:15:07 mail_logs: Info: ...}, ESA-PROFILE LOG-6), which is read too.
 */
public final class SyslogParser {
    private static final Pattern PRI = Pattern.compile("^<(\\d{1,3})>");
    private static final Pattern RFC5424 = Pattern.compile(
            "^1 (?<ts>\\S+) (?<host>\\S+) (?<app>\\S+) (?<proc>\\S+) (?<msgid>\\S+) (?<rest>.*)$", Pattern.DOTALL);
    private static final Pattern RFC3164 = Pattern.compile(
            "^(?<ts>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) (?<rest>.*)$", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^(?<tag>[^\\s:\\[]+(?:\\[[^\\]]*])?):(?: (?<msg>.*))?$", Pattern.DOTALL);
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.US);

    private final ZoneId zone;

    public SyslogParser(ZoneId zone) {
        this.zone = zone;
    }

    /** Parses {@code text} (one message, framing removed) received now from {@code sender}. */
    public LogRecord parse(String text, Instant received, String sender) {
        String message = stripTrailingNewline(text);
        Matcher pri = PRI.matcher(message);
        if (!pri.find() || Integer.parseInt(pri.group(1)) > 191) {
            throw new SyslogFormatException("syslog message from " + sender + " does not start with <PRI> (0..191): '"
                    + shorten(message) + "'");
        }
        String body = message.substring(pri.end());
        Matcher m5424 = RFC5424.matcher(body);
        if (m5424.matches()) {
            return rfc5424(m5424, received, sender, message);
        }
        Matcher m3164 = RFC3164.matcher(body);
        if (m3164.matches()) {
            return rfc3164(m3164, received, sender, message);
        }
        throw new SyslogFormatException("syslog message from " + sender + " is neither RFC 5424 nor RFC 3164: '"
                + shorten(message) + "'");
    }

    private LogRecord rfc5424(Matcher m, Instant received, String sender, String message) {
        Instant stamped = null;
        if (!m.group("ts").equals("-")) {
            try {
                stamped = OffsetDateTime.parse(m.group("ts")).toInstant();
            } catch (DateTimeParseException e) {
                throw new SyslogFormatException("syslog message from " + sender + " has a bad RFC 5424 timestamp '"
                        + m.group("ts") + "': '" + shorten(message) + "'");
            }
        }
        String rest = m.group("rest");
        String msg;
        if (rest.startsWith("-")) {
            msg = rest.length() > 1 ? rest.substring(2) : "";
        } else if (rest.startsWith("[")) {
            int end = structuredDataEnd(rest);
            if (end < 0) {
                throw new SyslogFormatException("syslog message from " + sender
                        + " has unterminated structured data: '" + shorten(message) + "'");
            }
            msg = end < rest.length() ? rest.substring(Math.min(rest.length(), end + 1)) : "";
        } else {
            throw new SyslogFormatException("syslog message from " + sender
                    + " lacks RFC 5424 structured data ('-' or '[...]'): '" + shorten(message) + "'");
        }
        if (msg.startsWith("\uFEFF")) {
            msg = msg.substring(1);
        }
        String host = m.group("host").equals("-") ? null : m.group("host");
        String app = m.group("app").equals("-") ? null : m.group("app");
        String proc = m.group("proc");
        String tag = app == null ? null : proc.equals("-") ? app : app + "[" + proc + "]";
        return new LogRecord(received, stamped, host, tag, msg);
    }

    /** The index just past the last SD-ELEMENT, honouring backslash escapes inside quoted values. */
    private static int structuredDataEnd(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '[') {
            boolean quoted = false;
            i++;
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted && c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    break;
                }
            }
            if (i >= s.length()) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private LogRecord rfc3164(Matcher m, Instant received, String sender, String message) {
        LocalDateTime now = LocalDateTime.ofInstant(received, zone);
        LocalDateTime t;
        try {
            t = LocalDateTime.parse(m.group("ts") + " " + now.getYear(), BSD);
        } catch (DateTimeParseException e) { // Feb 30, 25:61:61, a month name that is none
            throw new SyslogFormatException("syslog message from " + sender + " has a bad RFC 3164 timestamp '"
                    + m.group("ts") + "': '" + shorten(message) + "'");
        }
        if (t.isAfter(now.plusDays(1))) {
            t = t.minusYears(1); // a December line arriving in January
        }
        Instant stamped = t.atZone(zone).toInstant();
        String rest = m.group("rest");
        String host = null;
        Matcher tag = TAG.matcher(rest);
        if (!tag.matches()) {
            int space = rest.indexOf(' ');
            if (space > 0) {
                host = rest.substring(0, space);
                tag = TAG.matcher(rest.substring(space + 1));
            }
        }
        if (tag.matches()) {
            return new LogRecord(received, stamped, host, tag.group("tag"),
                    tag.group("msg") == null ? "" : tag.group("msg"));
        }
        return new LogRecord(received, stamped, host, null, host == null ? rest : rest.substring(host.length() + 1));
    }

    private static String stripTrailingNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
