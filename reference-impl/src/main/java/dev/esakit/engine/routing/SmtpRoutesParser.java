package dev.esakit.engine.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ESA {@code smtproutes} text form (RT-6): one route a line, {@code DOMAIN DEST[, DEST...]}, each
 * DEST {@code host/pri=N} or {@code host:port/pri=N} (IPv6 as {@code [addr]:port}), or the single word
 * {@code USEDNS} or {@code /dev/null}. {@code #} starts a comment. A bad line is reported with its source,
 * line number and what is wrong.
 */
public final class SmtpRoutesParser {
    private static final Pattern DEST = Pattern.compile(
            "^(?:\\[(?<v6>[0-9A-Fa-f:.]+)]|(?<host>[^\\s/:\\[\\]]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*))"
                    + "(?::(?<port>\\d{1,5}))?(?:/pri=(?<pri>\\d{1,5}))?$");
    private static final Pattern DOMAIN = Pattern.compile("^(?:ALL|\\.?[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)$");

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
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (!line.isEmpty()) {
                routes.add(parseLine(line, source, i + 1));
            }
        }
        return routes;
    }

    private static Route parseLine(String line, String source, int lineNo) {
        int space = indexOfWhitespace(line);
        if (space < 0) {
            throw error(source, lineNo, "expected 'DOMAIN DEST[, DEST...]' but found only '" + line + "'");
        }
        String domain = line.substring(0, space);
        if (!DOMAIN.matcher(domain).matches()) {
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
        for (String part : rest.split(",")) {
            destinations.add(parseDestination(part.strip(), source, lineNo));
        }
        return Route.toHosts(domain, destinations);
    }

    private static Destination parseDestination(String text, String source, int lineNo) {
        if (text.isEmpty()) {
            throw error(source, lineNo, "empty destination (a stray comma?)");
        }
        Matcher m = DEST.matcher(text);
        if (!m.matches()) {
            throw error(source, lineNo, "'" + text + "' is not a destination of the form host[:port]/pri=N");
        }
        String host = m.group("v6") != null ? m.group("v6") : m.group("host");
        int port = m.group("port") == null ? Destination.DEFAULT_PORT : Integer.parseInt(m.group("port"));
        int priority = m.group("pri") == null ? 0 : Integer.parseInt(m.group("pri"));
        try {
            return new Destination(host, port, priority);
        } catch (IllegalArgumentException e) {
            throw error(source, lineNo, "'" + text + "': " + e.getMessage());
        }
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
