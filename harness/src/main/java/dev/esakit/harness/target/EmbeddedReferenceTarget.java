package dev.esakit.harness.target;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.control.AuthProfile;
import dev.esakit.engine.control.DestinationControl;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.control.TlsMode;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.log.SyslogSink;
import dev.esakit.engine.queue.BounceProfile;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference engine in this JVM, on a virtual clock, with its own log and spool directories. Each
 * scenario gets a fresh one, so scenarios run side by side. It reaches the engine only through its public
 * configuration ({@link EngineConfig}) and {@link ReferenceEngine}'s public methods.
 */
public final class EmbeddedReferenceTarget implements Target {
    /**
     * Client timeouts unless the scenario states one: far below RFC 5321's minutes, far above what a healthy
     * exchange takes even on a loaded two-core machine with a cold JVM (5 s was seen to trip a first STARTTLS).
     */
    static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(15);
    // No fixed local interface for delivery: the kernel picks the loopback address of the destination's
    // family, so IPv4 and IPv6 (::1) destinations both work (RT-1).

    private final Path workDir;
    private VirtualClock clock = new VirtualClock(Instant.now());
    private java.util.function.Function<VirtualClock, EngineConfig> config;
    private volatile ReferenceEngine engine;

    public EmbeddedReferenceTarget(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void start(TargetSetup setup) {
        refuseWhatTheEngineCannotDo(setup);
        List<String> lines = new ArrayList<>();
        setup.routes().forEach(r -> lines.add(r.toSmtpRoutes()));
        lines.addAll(setup.smtpRoutesLines());
        Path routesFile = workDir.resolve("smtproutes.txt");
        try {
            Files.createDirectories(workDir);
            Files.write(routesFile, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RouteTable table = SmtpRoutesParser.read(routesFile);
        config = c -> engineConfig(setup, table, c);
        engine = ReferenceEngine.start(config.apply(clock));
    }

    private EngineConfig engineConfig(TargetSetup setup, RouteTable table, VirtualClock clock) {
        EngineConfig.Builder b = EngineConfig.builder()
                .routes(table)
                .logDir(workDir.resolve("log"))
                .spoolDir(workDir.resolve("spool"))
                .clock(clock)
                .bounceProfile(bounceProfile(setup.bounce()))
                .delivery(delivery(setup));
        b.destinationControls(destinationControls(setup));
        if (setup.dnsServer() != null) {
            b.dnsServer(setup.dnsServer()); // RT-3, RT-5, SEL-5: MX and A/AAAA from the scenario's DNS server
        }
        if (setup.syslog() != null) {
            b.addLogSink(new SyslogSink(setup.syslog(), SyslogSink.Transport.UDP, false)); // LOG-6
        }
        if (setup.limits().maxMessageSize() != null) {
            b.maxMessageSize(setup.limits().maxMessageSize());
        }
        if (setup.limits().maxRecipients() != null) {
            b.maxRecipients(setup.limits().maxRecipients());
        }
        return b.build();
    }

    /** Settings the engine's public configuration has no place for yet: fail the scenario, never ignore them. */
    private void refuseWhatTheEngineCannotDo(TargetSetup setup) {
        // Everything a scenario can state has a place in EngineConfig now; this stays as the one spot to refuse a
        // setting the day a step outgrows the engine.
    }

    /** CONN-2..CONN-4: the routes' TLS and AUTH, and the per-domain connection limit, as destination controls. */
    private static DestinationControls destinationControls(TargetSetup setup) {
        List<DestinationControl> entries = new ArrayList<>();
        for (RouteSpec r : setup.routes()) {
            DestinationControl c = DestinationControl.defaults(r.domain()).withTls(switch (r.tls()) {
                case NO -> TlsMode.NO;
                case PREFERRED -> TlsMode.PREFERRED;
                case REQUIRED -> TlsMode.REQUIRED;
            });
            if (r.auth() != null) {
                c = c.withAuth(new AuthProfile(r.domain(), r.auth().user(), r.auth().password()));
            }
            if (setup.limits().connectionsPerDomain() != null) {
                c = c.withMaxConnections(setup.limits().connectionsPerDomain());
            }
            entries.add(c);
        }
        return new DestinationControls(entries);
    }

    private static DeliverySettings delivery(TargetSetup setup) {
        DeliverySettings d = DeliverySettings.rfc5321Defaults("esakit.localhost", null).withTimeouts(SCENARIO_TIMEOUT);
        TargetSetup.Timeouts t = setup.timeouts();
        if (t.greeting() != null) {
            d = d.withGreetingTimeout(t.greeting());
        }
        if (t.command() != null) {
            d = d.withCommandTimeout(t.command());
        }
        if (t.dataEnd() != null) {
            d = d.withDataEndTimeout(t.dataEnd());
        }
        if (setup.mxPort() != null) {
            d = d.withMxPort(setup.mxPort());
        }
        if (setup.limits().messagesPerConnection() != null) {
            d = d.withMaxMessagesPerConnection(setup.limits().messagesPerConnection());
        }
        return d;
    }

    private static BounceProfile bounceProfile(TargetSetup.BounceSettings s) {
        BounceProfile d = BounceProfile.defaults();
        return new BounceProfile(
                s.maxRetries() == null ? d.maxRetries() : s.maxRetries(),
                s.maxTimeInQueue() == null ? d.maxTimeInQueue() : s.maxTimeInQueue(),
                s.initialWait() == null ? d.initialWait() : s.initialWait(),
                s.maxWait() == null ? d.maxWait() : s.maxWait(),
                s.delayWarnings() == null ? d.delayWarnings() : s.delayWarnings());
    }

    @Override
    public InetSocketAddress submissionAddress() {
        return running().listenAddress();
    }

    @Override
    public List<String> mailLog() {
        Path log = running().mailLogPath();
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public int queuedMessages() {
        return running().queuedMessages();
    }

    @Override
    public void crashAndRestart() {
        // In one JVM a crash is a stop without any goodbye; the spool and the log stay as they are.
        // The dead process's timers die with it: the new engine gets its own clock, at the same instant.
        running().close();
        clock = new VirtualClock(clock.now());
        engine = ReferenceEngine.start(config.apply(clock));
    }

    private ReferenceEngine running() {
        ReferenceEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the target was not started");
        }
        return e;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
