package dev.esakit.harness.target;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything a scenario configures on the relay before it starts, in target-neutral terms: routes (as specs
 * and as raw smtproutes lines), the bounce profile, limits, and where its DNS server (serving {@code dns}) and
 * syslog receiver listen. {@code mxPort}: where hosts found by MX lookup listen (null: 25), since a scenario's
 * fake hosts cannot all have port 25 on loopback. A
 * null setting means "the target's default". A target that cannot apply a setting must refuse it loudly
 * ({@link UnsupportedSetting}) rather than ignore it: a scenario must never pass on a setting nobody applied.
 */
public record TargetSetup(List<RouteSpec> routes, List<String> smtpRoutesLines, BounceSettings bounce,
                          Limits limits, List<DnsRecord> dns, InetSocketAddress dnsServer, Integer mxPort,
                          InetSocketAddress syslog, Timeouts timeouts) {

    public TargetSetup {
        routes = List.copyOf(routes);
        smtpRoutesLines = List.copyOf(smtpRoutesLines);
        dns = List.copyOf(dns);
        bounce = bounce == null ? BounceSettings.DEFAULTS : bounce;
        limits = limits == null ? Limits.DEFAULTS : limits;
        timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
    }

    public static TargetSetup of(List<RouteSpec> routes) {
        return new TargetSetup(routes, List.of(), null, null, List.of(), null, null, null, null);
    }

    /** The bounce profile (section 4); null fields keep the profile's defaults. */
    public record BounceSettings(Integer maxRetries, Duration maxTimeInQueue, Duration initialWait, Duration maxWait,
                                 Boolean delayWarnings) {
        public static final BounceSettings DEFAULTS = new BounceSettings(null, null, null, null, null);

        public boolean isDefault() {
            return equals(DEFAULTS);
        }
    }

    /** Inbound and outbound limits (IN-3, CONN-1, CONN-2); null fields keep the target's defaults. */
    public record Limits(Long maxMessageSize, Integer maxRecipients, Integer connectionsPerDomain,
                         Integer messagesPerConnection) {
        public static final Limits DEFAULTS = new Limits(null, null, null, null);
    }

    /**
     * CONN-5, FO-3, FO-8: how long the relay waits for a greeting, for the reply to a command, and for the reply
     * to the end of data. Null: the target's own scenario default, generous enough that a loaded machine never
     * trips it; a scenario that waits for a timeout states the one it waits for, short.
     */
    public record Timeouts(Duration greeting, Duration command, Duration dataEnd) {
        public static final Timeouts DEFAULTS = new Timeouts(null, null, null);
    }

    /** One record the scenario's DNS serves: {@code example.com MX 10 mx.example.com}, {@code mx.example.com A 127.1.0.5}. */
    public record DnsRecord(String name, String type, String value) {
    }
}
