package dev.esakit.engine.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ESA {@code smtproutes} text form (RT-6): one route a line, {@code DOMAIN DEST[, DEST...]}, each
 * DEST {@code host/pri=N} or {@code host:port/pri=N} (IPv6 as {@code [addr]:port}), or the single word
 * {@code USEDNS} or {@code /dev/null}. {@code #} starts a comment. A bad line is reported with its source,
 * line number and what is wrong.
 */
public final class SmtpRoutesParser {

    private SmtpRoutesParser() {
    }

    public static RouteTable read(Path file) {
        try {
            return new RouteTable(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new RoutesFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static List<Route> parse(String text, String source) {
        List<Route> routes = new ArrayList<>();
        int lineNo = 0;
        for (int start = 0; start <= text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = stripComment(text.substring(start, end)).strip();
            if (!line.isEmpty()) {
                routes.add(parseLine(line, source, lineNo));
            }
            start = end + 1;
        }
        return routes;
    }

    private static Route parseLine(String line, String source, int lineNo) {
        int space = indexOfWhitespace(line);
        if (space < 0) {
            throw error(source, lineNo, "expected 'DOMAIN DEST[, DEST...]' but found only '" + line + "'");
        }
        String domain = line.substring(0, space);
        if (!isDomain(domain)) {
            throw error(source, lineNo, "'" + domain + "' is not a domain, a partial domain (.example.com) or ALL");
        }
        String rest = line.substring(space).strip();
        if (rest.equalsIgnoreCase("USEDNS")) {
            return new Route(domain, Route.Action.USE_DNS, List.of());
        }
        if (rest.equals("/dev/null")) {
            return new Route(domain, Route.Action.DROP, List.of());
        }
        List<Destination> destinations = new ArrayList<>();
        // -1: every part, trailing empty ones included. Plain split(",") dropped them, so "example.com ," made a
        // route without a destination (an IllegalArgumentException with no file or line; jqwik, -Pstress).
        for (String part : rest.split(",", -1)) {
            destinations.add(parseDestination(part.strip(), source, lineNo));
        }
        return Route.toHosts(domain, destinations);
    }

    private static Destination parseDestination(String text, String source, int lineNo) {
        if (text.isEmpty()) {
            throw error(source, lineNo, "empty destination (a stray comma?)");
        }
        // Hand-parsed rather than by regular expression: 40,000 routes load in well under a second (RT-6).
        String hostPort = text;
        int priority = 0;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String pri = text.substring(slash + 1);
            if (!pri.startsWith("pri=") || !digits(pri, 4, 5)) {
                throw notADestination(text, source, lineNo);
            }
            priority = Integer.parseInt(pri, 4, pri.length(), 10);
            hostPort = text.substring(0, slash);
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw notADestination(text, source, lineNo);
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw notADestination(text, source, lineNo);
                }
                port = rest.substring(1);
            }
            if (host.isEmpty() || !allMatch(host, true)) {
                throw notADestination(text, source, lineNo);
            }
        } else {
            int first = hostPort.indexOf(':');
            if (first >= 0 && hostPort.indexOf(':', first + 1) < 0) {
                host = hostPort.substring(0, first);
                port = hostPort.substring(first + 1);
            } else {
                host = hostPort; // a name, an IPv4 address, or a bare IPv6 address without a port
            }
            // A host with colons is a bare IPv6 address: IPv6 characters only, as in brackets (a name such as
            // "::1:-1" would be written back in brackets, where it is refused).
            if (host.isEmpty() || !allMatch(host, host.indexOf(':') >= 0)) {
                throw notADestination(text, source, lineNo);
            }
        }
        if (port != null && !digits(port, 0, 5)) {
            throw notADestination(text, source, lineNo);
        }
        try {
            return new Destination(host, port == null ? Destination.DEFAULT_PORT : Integer.parseInt(port), priority);
        } catch (IllegalArgumentException e) {
            throw error(source, lineNo, "'" + text + "': " + e.getMessage());
        }
    }

    private static boolean allMatch(String host, boolean ipv6) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = ipv6 ? Character.digit(c, 16) >= 0 || c == ':' || c == '.'
                    : c > ' ' && c != '[' && c != ']' && c != '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s, int from, int maxDigits) {
        int n = s.length() - from;
        if (n < 1 || n > maxDigits) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static RoutesFormatException notADestination(String text, String source, int lineNo) {
        return error(source, lineNo, "'" + text + "' is not a destination of the form host[:port]/pri=N");
    }

    private static boolean isDomain(String d) {
        if (d.equals("ALL")) {
            return true;
        }
        int start = d.startsWith(".") ? 1 : 0;
        if (start == d.length()) {
            return false;
        }
        char prev = '.';
        for (int i = start; i < d.length(); i++) {
            char c = d.charAt(i);
            boolean label = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!label && !(c == '.' && prev != '.')) {
                return false;
            }
            prev = c;
        }
        return prev != '.';
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static RoutesFormatException error(String source, int line, String what) {
        return new RoutesFormatException(source + ":" + line + ": " + what);
    }
}
