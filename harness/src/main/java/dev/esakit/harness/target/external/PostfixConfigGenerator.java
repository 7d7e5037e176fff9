package dev.esakit.harness.target.external;

import dev.esakit.harness.target.RouteSpec;
import dev.esakit.harness.target.TargetSetup;
import dev.esakit.harness.target.UnsupportedSetting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration of a private Postfix instance (3.5 or later) that behaves as near to an ESA route table as
 * Postfix can. It writes, under {@code DIR/etc}:
 *
 * <ul>
 *   <li>{@code transport}: per route, {@code DOMAIN smtp:[ip]:port, [ip]:port, ...}, a nexthop list that Postfix
 *       tries in order (Postfix 3.5's list form), sorted by ESA priority;</li>
 *   <li>{@code relay_domains}: the routed domains, so that unrouted recipients get a 5xx like the ESA's RAT;</li>
 *   <li>{@code main.cf}: lab retry timings from the profile's bounce profile, the 2 s client timeouts the reference
 *       engine uses in scenarios, {@code maillog_file} under {@code DIR/log}, loopback only, no local delivery;</li>
 *   <li>{@code master.cf}: an SMTP service on the profile's listen address, every service unchrooted.</li>
 * </ul>
 *
 * The maps are {@code texthash:}, read when a daemon starts; the profile's apply command reloads Postfix.
 */
public final class PostfixConfigGenerator implements RouteGenerator {
    private static final String NAME = "postfix";
    private final Path dir;
    private final InetSocketAddress listen;
    private final TargetProfile.BounceProfile timings;
    private final double timeScale;

    /**
     * @param timings   the relay's default retry timings, in real time
     * @param timeScale real seconds per scenario second, for a scenario's own bounce profile
     */
    public PostfixConfigGenerator(Path dir, InetSocketAddress listen, TargetProfile.BounceProfile timings,
                                  double timeScale) {
        this.dir = dir;
        this.listen = listen;
        this.timings = timings;
        this.timeScale = timeScale;
    }

    /** Only routes, with the profile's defaults for everything else. */
    public List<String> write(List<RouteSpec> routes) {
        return write(TargetSetup.of(routes));
    }

    @Override
    public List<String> write(TargetSetup setup) {
        if (!setup.smtpRoutesLines().isEmpty()) {
            throw new UnsupportedSetting(NAME, "smtproutes lines (the ESA's own route file form)");
        }
        if (!setup.dns().isEmpty() || setup.dnsServer() != null) {
            throw new UnsupportedSetting(NAME, "DNS records: Postfix asks the system's resolver, not the scenario's");
        }
        if (setup.syslog() != null) {
            throw new UnsupportedSetting(NAME, "pushing its log to " + setup.syslog()
                    + " (the lab instance writes maillog_file)");
        }
        TargetSetup.BounceSettings b = setup.bounce();
        if (b.maxRetries() != null) {
            throw new UnsupportedSetting(NAME, "maximum retries " + b.maxRetries()
                    + " (Postfix limits the time in the queue, not the number of attempts)");
        }
        if (Boolean.TRUE.equals(b.delayWarnings())) {
            throw new UnsupportedSetting(NAME, "delay warnings on the second attempt (Postfix warns after a time,"
                    + " delay_warning_time)");
        }
        TargetProfile.BounceProfile effective = new TargetProfile.BounceProfile(
                b.initialWait() == null ? timings.initialWait() : scaled(b.initialWait()),
                b.maxWait() == null ? timings.maxWait() : scaled(b.maxWait()),
                b.maxTimeInQueue() == null ? timings.maxTimeInQueue() : scaled(b.maxTimeInQueue()), null);
        List<String> approximations = new ArrayList<>();
        if (!b.isDefault()) {
            approximations.add("bounce profile: Postfix's retry wait is bounded by minimal_backoff_time and"
                    + " maximal_backoff_time and grows with the message's age, not as initial_wait * 2^(k-1) (Q-2)");
        }
        Map<String, String> transport = new LinkedHashMap<>();
        Map<String, String> tlsPolicy = new LinkedHashMap<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        boolean defaultRoute = false;
        for (RouteSpec route : setup.routes()) {
            String domain = route.domain();
            String key;
            if (domain.equalsIgnoreCase("ALL")) {
                key = "*";
                defaultRoute = true;
                approximations.add("route ALL: Postfix relays every domain for loopback clients instead of"
                        + " checking a recipient access table");
            } else {
                key = domain.toLowerCase(java.util.Locale.ROOT);
            }
            transport.put(key, nexthops(route, approximations));
            if (route.action() == RouteSpec.Action.HOSTS) {
                for (RouteSpec.Host h : route.hosts()) {
                    String next = nexthop(h);
                    // CONN-3: per destination TLS; "encrypt" does not verify the certificate, as the ESA's
                    // Required does not (the fake hosts present a self-signed one).
                    tlsPolicy.put(next, switch (route.tls()) {
                        case REQUIRED -> "encrypt";
                        case PREFERRED -> "may";
                        case NO -> "none";
                    });
                    if (route.auth() != null) {
                        passwords.put(next, route.auth().user() + ":" + route.auth().password());
                    }
                }
            }
        }
        try {
            Files.createDirectories(dir.resolve("etc"));
            Files.createDirectories(dir.resolve("log"));
            write("etc/transport", transport.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("\n", "# Generated by the esakit harness: one ESA route a line.\n", "\n")));
            write("etc/relay_domains", transport.keySet().stream().filter(k -> !k.equals("*"))
                    .map(k -> k + " ok").collect(Collectors.joining("\n", "", "\n")));
            write("etc/tls_policy", tlsPolicy.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            write("etc/sasl_passwd", passwords.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            // Postfix names a relay host here without [] and port (smtp_connection_cache_destinations).
            // An IPv6 address is left out: Postfix would read "::1" in this list as a "type:table" lookup table.
            List<String> cacheDestinations = new ArrayList<>(tlsPolicy.keySet().stream()
                    .filter(k -> !k.startsWith("[ipv6:"))
                    .map(k -> k.replaceAll("^\\[(.*)]:\\d+$", "$1")).distinct().toList());
            cacheDestinations.addAll(transport.keySet().stream().filter(k -> !k.equals("*")).toList());
            boolean ipv6 = tlsPolicy.keySet().stream().anyMatch(k -> k.startsWith("[ipv6:"));
            write("etc/main.cf", mainCf(defaultRoute, effective, setup.limits(), !passwords.isEmpty(),
                    cacheDestinations, ipv6));
            write("etc/master.cf", masterCf());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Postfix configuration under " + dir, e);
        }
        return approximations;
    }

    private String nexthops(RouteSpec route, List<String> approximations) {
        List<RouteSpec.Host> hosts = new ArrayList<>(route.hosts());
        if (route.action() == RouteSpec.Action.DROP) {
            return "discard:";
        }
        if (route.action() == RouteSpec.Action.USE_DNS) {
            approximations.add("route " + route.domain() + ": USEDNS needs DNS, which the lab does not give Postfix;"
                    + " the message is deferred instead");
            return "retry:4.4.3 USEDNS route: no DNS in the lab";
        }
        if (hosts.isEmpty()) {
            return "error:5.3.0 route without destinations";
        }
        for (RouteSpec.Host h : hosts) {
            if (!h.address().matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
                throw new UnsupportedSetting(NAME, "hostname destination " + h.address() + " (MX and A lookups need"
                        + " the scenario's DNS, which Postfix does not ask)");
            }
        }
        hosts.sort(Comparator.comparingInt(RouteSpec.Host::priority)); // stable: equal priorities keep their order
        Map<Integer, List<String>> tiers = new LinkedHashMap<>();
        hosts.forEach(h -> tiers.computeIfAbsent(h.priority(), p -> new ArrayList<>()).add(h.name()));
        tiers.forEach((priority, names) -> {
            if (names.size() > 1) {
                approximations.add("route " + route.domain() + ": hosts " + String.join(", ", names)
                        + " share priority " + priority + "; Postfix tries a nexthop list in its order, so "
                        + names.get(0) + " is always tried first (no per-connection round robin, SEL-2)");
            }
        });
        return "smtp:" + hosts.stream().map(PostfixConfigGenerator::nexthop).collect(Collectors.joining(", "));
    }

    /** {@code [ip]:port}, the form that skips MX lookups; IPv6 as {@code [ipv6:addr]}. */
    private static String nexthop(RouteSpec.Host h) {
        String ip = h.address().contains(":") ? "[ipv6:" + h.address() + "]" : "[" + h.address() + "]";
        return ip + ":" + (h.port() == null ? 25 : h.port());
    }

    private Duration scaled(Duration esa) {
        return Duration.ofMillis(Math.round(esa.toMillis() * timeScale));
    }

    private void write(String name, String text) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String mainCf(boolean defaultRoute, TargetProfile.BounceProfile timings, TargetSetup.Limits limits,
                          boolean auth, List<String> cacheDestinations, boolean ipv6) {
        String d = dir.toString();
        long initial = seconds(timings.initialWait());
        return String.join("\n",
                "# Generated by the esakit harness (PostfixConfigGenerator): a private, loopback-only Postfix",
                "# instance for the conformance catalog. Regenerated for every scenario; edits are lost.",
                "compatibility_level = 3.6",
                "queue_directory = " + d + "/queue",
                "data_directory = " + d + "/data",
                "mail_owner = postfix",
                "myhostname = esakit-postfix.localhost",
                "mydomain = localhost",
                "myorigin = $myhostname",
                "mydestination =",
                "inet_interfaces = loopback-only",
                "inet_protocols = " + (ipv6 ? "all" : "ipv4"),
                "mynetworks = 127.0.0.0/8",
                "# The log goes to a file the harness tails, not to the system's syslog.",
                "maillog_file = " + d + "/log/maillog",
                "maillog_file_prefixes = " + d + "/log",
                "# Routes: a nexthop list per domain, tried in order (Postfix 3.5+).",
                "transport_maps = texthash:" + d + "/etc/transport",
                "relay_domains = texthash:" + d + "/etc/relay_domains",
                "# The ESA's RAT: only routed domains are accepted"
                        + (defaultRoute ? " (an ALL route accepts every domain from loopback)." : "."),
                "smtpd_relay_restrictions = " + (defaultRoute ? "permit_mynetworks, " : "") + "reject_unauth_destination",
                "relay_domains_reject_code = 550",
                "# Q-6: a notification holds the original only if it is under 10 KiB, else its headers.",
                "bounce_size_limit = 10240",
                "# CONN-1: one connection carries many messages for a route's hosts, not only under backlog.",
                "smtp_connection_cache_destinations = " + String.join(" ", cacheDestinations),
                "smtp_connection_cache_time_limit = 10s",
                "# Every host of a route may be tried in one delivery, as SEL-3 wants.",
                "smtp_mx_session_limit = 100",
                "smtp_mx_address_limit = 0",
                "# No local delivery, no DNS fallback: the lab has neither.",
                "local_transport = error:5.1.1 local delivery is disabled in the lab",
                "default_transport = error:5.4.4 no route for this domain in the lab",
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps =",
                "notify_classes =",
                "biff = no",
                "smtputf8_enable = no",
                "# Lab retry timings: the ESA bounce profile scaled into real time (see the target profile).",
                "minimal_backoff_time = " + initial + "s",
                "maximal_backoff_time = " + seconds(timings.maxWait()) + "s",
                "queue_run_delay = " + Math.max(1, initial / 2) + "s",
                "maximal_queue_lifetime = " + seconds(timings.maxTimeInQueue()) + "s",
                "bounce_queue_lifetime = " + seconds(timings.maxTimeInQueue()) + "s",
                "# Client timeouts as the reference engine uses in scenarios (2 s), so a silent host fails fast.",
                "smtp_connect_timeout = 2s",
                "smtp_helo_timeout = 2s",
                "smtp_mail_timeout = 2s",
                "smtp_rcpt_timeout = 2s",
                "smtp_data_init_timeout = 2s",
                "smtp_data_xfer_timeout = 2s",
                "smtp_data_done_timeout = 2s",
                "smtp_starttls_timeout = 2s",
                "# Destination controls: TLS per destination (CONN-3), SMTP AUTH per route, only over TLS (CONN-4).",
                "smtp_tls_policy_maps = texthash:" + d + "/etc/tls_policy",
                // Only when a route has credentials: SASL needs the Cyrus modules, which a minimal install may lack.
                "smtp_sasl_auth_enable = " + (auth ? "yes" : "no"),
                "smtp_sasl_password_maps = texthash:" + d + "/etc/sasl_passwd",
                "smtp_sasl_security_options = noanonymous, noplaintext",
                "smtp_sasl_tls_security_options = noanonymous",
                "# Limits (IN-3, CONN-1, CONN-2): the scenario's, else the ESA defaults.",
                "message_size_limit = " + (limits.maxMessageSize() == null ? 10485760 : limits.maxMessageSize()),
                "smtpd_recipient_limit = " + (limits.maxRecipients() == null ? 100 : limits.maxRecipients()),
                "smtp_destination_recipient_limit = 100",
                "default_destination_concurrency_limit = "
                        + (limits.connectionsPerDomain() == null ? 500 : limits.connectionsPerDomain()),
                // Counts reuses after the first message: 49 reuses make the ESA's 50 messages a connection.
                "smtp_connection_reuse_count_limit = "
                        + ((limits.messagesPerConnection() == null ? 50 : limits.messagesPerConnection()) - 1),
                "") + "\n";
    }

    private String masterCf() {
        String ip = listen.getAddress().getHostAddress();
        String service = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + listen.getPort();
        return String.join("\n",
                "# Generated by the esakit harness. No chroot: the instance has no chroot tree of its own.",
                "# service type  private unpriv  chroot  wakeup  maxproc command",
                service + " inet n - n - - smtpd",
                "pickup    unix  n       -       n       60      1       pickup",
                "cleanup   unix  n       -       n       -       0       cleanup",
                "qmgr      unix  n       -       n       300     1       qmgr",
                "rewrite   unix  -       -       n       -       -       trivial-rewrite",
                "bounce    unix  -       -       n       -       0       bounce",
                "defer     unix  -       -       n       -       0       bounce",
                "trace     unix  -       -       n       -       0       bounce",
                "verify    unix  -       -       n       -       1       verify",
                "flush     unix  n       -       n       1000?   0       flush",
                "proxymap  unix  -       -       n       -       -       proxymap",
                "smtp      unix  -       -       n       -       -       smtp",
                "showq     unix  n       -       n       -       -       showq",
                "error     unix  -       -       n       -       -       error",
                "retry     unix  -       -       n       -       -       error",
                "discard   unix  -       -       n       -       -       discard",
                "anvil     unix  -       -       n       -       1       anvil",
                "scache    unix  -       -       n       -       1       scache",
                "tlsmgr    unix  -       -       n       1000?   1       tlsmgr",
                "postlog   unix-dgram n  -       n       -       1       postlogd",
                "") + "\n";
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
