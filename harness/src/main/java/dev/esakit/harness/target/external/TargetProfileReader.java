package dev.esakit.harness.target.external;

import dev.esakit.harness.target.external.TargetProfile.Auth;
import dev.esakit.harness.target.external.TargetProfile.BounceProfile;
import dev.esakit.harness.target.external.TargetProfile.Lifecycle;
import dev.esakit.harness.target.external.TargetProfile.Log;
import dev.esakit.harness.target.external.TargetProfile.RouteMode;
import dev.esakit.harness.target.external.TargetProfile.Routes;
import dev.esakit.harness.target.external.TargetProfile.SourceType;
import dev.esakit.harness.target.external.TargetProfile.Submit;
import dev.esakit.harness.target.external.TargetProfile.Timing;
import dev.esakit.harness.target.external.TargetProfile.Tls;
import dev.esakit.harness.target.external.YamlDocument.Node;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target profile (see {@code targets/README.md} for the format). Every problem is an
 * {@link IllegalArgumentException} whose message starts with {@code FILE:LINE (key.path): }.
 *
 * <p>Text values may use {@code ${VAR}} and {@code ${VAR:-default}} (environment variables) and, in
 * commands and the log path, {@code {directory}} (the generated relay instance's directory). Relative paths
 * are resolved against the profile's own directory, so a profile works from any working directory.
 */
public final class TargetProfileReader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    public static final Set<String> DIALECTS = Set.of("esa", "postfix", "asyncos-tracking");
    public static final Set<String> GENERATORS = Set.of("postfix");

    private final Map<String, String> environment;

    public TargetProfileReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static TargetProfile read(Path file) {
        return new TargetProfileReader(System.getenv()).load(file);
    }

    public TargetProfile load(Path file) {
        Path profile = file.toAbsolutePath().normalize();
        Path base = profile.getParent();
        Node root = YamlDocument.read(profile)
                .onlyKeys(Set.of("name", "description", "submit", "routes", "lifecycle", "log", "timing", "ledger"));
        String name = expand(root.get("name"));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw root.get("name").error("'" + name + "' is not a short name (letters, digits, . _ -)");
        }
        Submit submit = submit(root.object("submit"));
        Routes routes = routes(root.object("routes"), base);
        UnaryOperator<String> dir = s -> routes.directory() == null ? s
                : s.replace("{directory}", routes.directory().toString());
        Routes expandedRoutes = new Routes(routes.mode(), routes.generator(), routes.directory(),
                routes.apply().stream().map(dir).toList(), routes.listen(), routes.hosts());
        Lifecycle lifecycle = root.has("lifecycle") ? lifecycle(root.object("lifecycle"), dir)
                : new Lifecycle(List.of(), List.of(), List.of(), List.of(), List.of());
        Log log = log(root.object("log"), base, dir);
        Timing timing = timing(root.object("timing"));
        Path ledger = root.has("ledger") ? base.resolve(expand(root.get("ledger"))).normalize() : null;
        if (routes.mode() == RouteMode.GENERATED && routes.listen() != null
                && !routes.listen().equals(submit.address())) {
            throw root.get("routes").get("listen").error("the generated relay listens on " + show(routes.listen())
                    + " but submit.address is " + show(submit.address()) + "; they should be the same");
        }
        return new TargetProfile(profile, name, expand(root, "description", ""), submit, expandedRoutes, lifecycle,
                log, timing, ledger);
    }

    private Submit submit(Node n) {
        n.onlyKeys(Set.of("address", "tls", "auth"));
        InetSocketAddress address = address(n.get("address"));
        Tls tls = switch (expand(n, "tls", "none").toLowerCase(Locale.ROOT)) {
            case "none" -> Tls.NONE;
            case "starttls" -> Tls.STARTTLS;
            default -> throw n.get("tls").error("should be none or starttls");
        };
        Auth auth = null;
        if (n.has("auth")) {
            Node a = n.object("auth").onlyKeys(Set.of("mechanism", "username", "passwordEnv"));
            String mechanism = expand(a, "mechanism", "PLAIN").toUpperCase(Locale.ROOT);
            if (!mechanism.equals("PLAIN") && !mechanism.equals("LOGIN")) {
                throw a.get("mechanism").error("should be PLAIN or LOGIN");
            }
            auth = new Auth(mechanism, expand(a.get("username")), expand(a.get("passwordEnv")));
        }
        return new Submit(address, tls, auth);
    }

    private Routes routes(Node n, Path base) {
        n.onlyKeys(Set.of("mode", "generator", "directory", "apply", "listen", "hosts"));
        String mode = expand(n.get("mode"));
        switch (mode) {
            case "generated" -> {
                String generator = expand(n.get("generator"));
                if (!GENERATORS.contains(generator)) {
                    throw n.get("generator").error("unknown generator '" + generator + "'; known: " + GENERATORS);
                }
                Path directory = base.resolve(expand(n.get("directory"))).normalize();
                InetSocketAddress listen = address(n.get("listen"));
                if (!listen.getAddress().isLoopbackAddress()) {
                    throw n.get("listen").error("a generated relay listens on loopback only, not "
                            + show(listen));
                }
                return new Routes(RouteMode.GENERATED, generator, directory, command(n, "apply", base), listen,
                        Map.of());
            }
            case "manual" -> {
                Map<String, InetSocketAddress> hosts = new LinkedHashMap<>();
                Node h = n.object("hosts");
                h.entries().forEach((host, addr) -> hosts.put(host, address(addr)));
                if (hosts.isEmpty()) {
                    throw h.error("list at least one host: NAME: IP:PORT (the address the relay's route points at)");
                }
                return new Routes(RouteMode.MANUAL, null, null, List.of(), null, hosts);
            }
            default -> throw n.get("mode").error("should be generated or manual, not '" + mode + "'");
        }
    }

    private Lifecycle lifecycle(Node n, UnaryOperator<String> dir) {
        n.onlyKeys(Set.of("start", "stop", "reset", "queued", "crash"));
        Path base = n.file().getParent();
        return new Lifecycle(command(n, "start", base).stream().map(dir).toList(),
                command(n, "stop", base).stream().map(dir).toList(),
                command(n, "reset", base).stream().map(dir).toList(),
                command(n, "queued", base).stream().map(dir).toList(),
                command(n, "crash", base).stream().map(dir).toList());
    }

    /** A command as a list of arguments; a first argument that looks like a relative path is made absolute. */
    private List<String> command(Node n, String key, Path base) {
        List<String> args = new ArrayList<>();
        for (String s : n.texts(key)) {
            args.add(expand(s, n));
        }
        if (!args.isEmpty() && args.get(0).contains("/") && !Path.of(args.get(0)).isAbsolute()) {
            args.set(0, base.resolve(args.get(0)).normalize().toString());
        }
        return List.copyOf(args);
    }

    private Log log(Node n, Path base, UnaryOperator<String> dir) {
        n.onlyKeys(Set.of("source", "path", "listen", "protocols", "allowNonLoopback", "url", "username",
                "passwordEnv", "serialNumber", "pollInterval", "dialect"));
        String dialect = expand(n.get("dialect"));
        if (!DIALECTS.contains(dialect)) {
            throw n.get("dialect").error("unknown dialect '" + dialect + "'; known: " + DIALECTS);
        }
        String source = expand(n.get("source"));
        switch (source) {
            case "file" -> {
                n.onlyKeys(Set.of("source", "path", "dialect"));
                Path path = base.resolve(dir.apply(expand(n.get("path")))).normalize();
                return new Log(SourceType.FILE, path, null, List.of(), false, null, null, null, null, null, dialect);
            }
            case "syslog" -> {
                n.onlyKeys(Set.of("source", "listen", "protocols", "allowNonLoopback", "dialect"));
                InetSocketAddress listen = address(n.get("listen"));
                boolean allow = n.bool("allowNonLoopback", false);
                if (!allow && !listen.getAddress().isLoopbackAddress()) {
                    throw n.get("listen").error("the syslog receiver binds to loopback unless allowNonLoopback: true"
                            + " (an appliance on the network pushing its logs); refusing " + show(listen));
                }
                List<String> protocols = n.has("protocols") ? n.texts("protocols").stream()
                        .map(p -> p.toLowerCase(Locale.ROOT)).toList() : List.of("udp", "tcp");
                for (String p : protocols) {
                    if (!p.equals("udp") && !p.equals("tcp")) {
                        throw n.get("protocols").error("should be udp, tcp or both, not '" + p + "'");
                    }
                }
                return new Log(SourceType.SYSLOG, null, listen, protocols, allow, null, null, null, null, null,
                        dialect);
            }
            case "asyncos-api" -> {
                n.onlyKeys(Set.of("source", "url", "username", "passwordEnv", "serialNumber", "pollInterval",
                        "dialect"));
                String url = expand(n.get("url"));
                if (!url.matches("https?://[^/\\s]+.*")) {
                    throw n.get("url").error("should be an http(s) URL, like https://esa.example.com:6443");
                }
                return new Log(SourceType.ASYNCOS_API, null, null, List.of(), false, url.replaceAll("/+$", ""),
                        expand(n.get("username")), expand(n.get("passwordEnv")), expand(n, "serialNumber", null),
                        n.has("pollInterval") ? duration(n.get("pollInterval")) : Duration.ofSeconds(5), dialect);
            }
            default -> throw n.get("source").error("should be file, syslog or asyncos-api, not '" + source + "'");
        }
    }

    private Timing timing(Node n) {
        n.onlyKeys(Set.of("timeScale", "maxPassTime", "bounceProfile"));
        double scale = n.number("timeScale", 1.0);
        if (!(scale > 0) || scale > 1) {
            throw n.get("timeScale").error("should be a number in (0, 1]: real seconds per scenario second");
        }
        Duration maxPass = n.has("maxPassTime") ? duration(n.get("maxPassTime")) : Duration.ofMinutes(2);
        Node b = n.object("bounceProfile").onlyKeys(Set.of("initialWait", "maxWait", "maxTimeInQueue", "maxRetries"));
        Integer maxRetries = null;
        if (b.has("maxRetries") && !expand(b.get("maxRetries")).equals("none")) {
            try {
                maxRetries = Integer.parseInt(expand(b.get("maxRetries")));
            } catch (NumberFormatException e) {
                throw b.get("maxRetries").error("should be a whole number or none");
            }
        }
        BounceProfile profile = new BounceProfile(duration(b.get("initialWait")), duration(b.get("maxWait")),
                duration(b.get("maxTimeInQueue")), maxRetries);
        if (profile.maxWait().compareTo(profile.initialWait()) < 0) {
            throw b.get("maxWait").error("is shorter than initialWait");
        }
        return new Timing(scale, maxPass, profile);
    }

    private InetSocketAddress address(Node n) {
        String value = expand(n);
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw n.error("'" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw n.error("'" + value + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw n.error("'" + value + "': the port is not in 1..65535");
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*|localhost")) {
            throw n.error("'" + host + "' should be an IP address (no DNS in the lab)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw n.error("'" + host + "' is not an IP address");
        }
    }

    Duration duration(Node n) {
        String value = expand(n).strip();
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw n.error("'" + value + "' is not a duration like 500ms, 6s, 10m, 2h or 3d");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private String expand(Node n, String key, String otherwise) {
        return n.has(key) ? expand(n.get(key)) : otherwise;
    }

    private String expand(Node n) {
        return expand(n.text(), n);
    }

    private String expand(String text, Node where) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw where.error("environment variable " + m.group(1) + " is not set and has no default"
                        + " (write ${" + m.group(1) + ":-default})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    static String show(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
