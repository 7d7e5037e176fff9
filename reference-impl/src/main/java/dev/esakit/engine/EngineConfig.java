package dev.esakit.engine;

import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.delivery.HostResolver;
import dev.esakit.engine.log.LogSink;
import dev.esakit.engine.queue.BounceProfile;
import dev.esakit.engine.queue.BounceProfiles;
import dev.esakit.engine.queue.RocksDbSpool;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.time.EngineClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a {@link ReferenceEngine} is started with. Build one with {@link #builder}; each setting has a
 * default that a mail engineer would expect from an ESA, except the paths and the routes.
 */
public record EngineConfig(InetSocketAddress listen, RouteTable routes, Path logDir, Path spoolDir,
                           EngineClock clock, ZoneId zone, HostResolver resolver, DeliverySettings delivery,
                           BounceProfile bounceProfile, String hostname, String version, String serial,
                           long maxMessageSize, int maxRecipients, DestinationControls controls,
                           List<LogSink> extraSinks, BounceProfiles bounceProfiles, InetSocketAddress dnsServer,
                           Duration inboundTimeout, long bodySegmentBytes) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        private RouteTable routes;
        private Path logDir;
        private Path spoolDir;
        private EngineClock clock;
        private ZoneId zone = ZoneId.systemDefault();
        private HostResolver resolver = HostResolver.system();
        private DeliverySettings delivery = DeliverySettings.rfc5321Defaults("esakit.localhost", "127.0.0.1");
        private BounceProfile bounceProfile = BounceProfile.defaults();
        private String hostname = "esakit.localhost";
        private long maxMessageSize = 10L * 1024 * 1024;
        private int maxRecipients = 100;
        private Duration inboundTimeout = Duration.ofMinutes(5); // RFC 5321 4.5.3.2.7
        private DestinationControls controls = DestinationControls.none();
        private final List<LogSink> extraSinks = new ArrayList<>();
        private InetSocketAddress dnsServer;
        private BounceProfiles bounceProfiles;
        private long bodySegmentBytes = RocksDbSpool.SEGMENT_BYTES;

        public Builder listen(InetSocketAddress v) { listen = v; return this; }
        public Builder routes(RouteTable v) { routes = v; return this; }
        public Builder logDir(Path v) { logDir = v; return this; }
        public Builder spoolDir(Path v) { spoolDir = v; return this; }
        public Builder clock(EngineClock v) { clock = v; return this; }
        public Builder zone(ZoneId v) { zone = v; return this; }
        public Builder resolver(HostResolver v) { resolver = v; return this; }
        public Builder delivery(DeliverySettings v) { delivery = v; return this; }
        public Builder bounceProfile(BounceProfile v) { bounceProfile = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder maxRecipients(int v) { maxRecipients = v; return this; }
        /** A sender that completes no line for this long gets 421 and is disconnected (IN-3; 5 min). */
        public Builder inboundTimeout(Duration v) { inboundTimeout = v; return this; }
        /** CONN-2..CONN-4: TLS mode, AUTH profile and connection limit per destination domain. */
        public Builder destinationControls(DestinationControls v) { controls = v; return this; }
        /** LOG-6 and tests: more places every mail log line goes (a syslog receiver, a list). */
        public Builder addLogSink(LogSink v) { extraSinks.add(v); return this; }
        /** RT-3, RT-5: MX and A/AAAA lookups go to this DNS server (instead of the platform resolver). */
        public Builder dnsServer(InetSocketAddress v) { dnsServer = v; return this; }
        /** Named profiles per route; without it every route uses {@link #bounceProfile}. */
        public Builder bounceProfiles(BounceProfiles v) { bounceProfiles = v; return this; }
        /** The size of the spool's body segment files (64 MiB); small ones make tests roll and compact them. */
        public Builder bodySegmentBytes(long v) { bodySegmentBytes = v; return this; }

        public EngineConfig build() {
            if (routes == null || logDir == null || spoolDir == null) {
                throw new IllegalStateException("routes, logDir and spoolDir are required");
            }
            return new EngineConfig(listen, routes, logDir, spoolDir, clock, zone, resolver, delivery, bounceProfile,
                    hostname, ReferenceEngine.VERSION, "ESAKIT-REF-0001", maxMessageSize, maxRecipients, controls,
                    List.copyOf(extraSinks), bounceProfiles != null ? bounceProfiles : BounceProfiles.of(bounceProfile),
                    dnsServer, inboundTimeout, bodySegmentBytes);
        }
    }
}
