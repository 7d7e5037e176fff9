package dev.esakit.cli;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.control.DestinationControlsParser;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.log.SyslogSink;
import dev.esakit.engine.queue.BounceProfilesParser;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code conformance serve}: the reference engine as a standalone relay, until stopped. A public contract. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the reference engine as a standalone SMTP relay until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--routes", required = true, paramLabel = "FILE",
            description = "SMTP routes in the ESA smtproutes text form, e.g. "
                    + "'example.com 127.0.1.10:2525/pri=0, 127.0.1.20:2525/pri=10'.")
    Path routes;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "Where the inbound listener binds.")
    InetSocketAddress listen;

    @Option(names = "--log-dir", required = true, paramLabel = "DIR", description = "Where mail.current is written.")
    Path logDir;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "The durable spool (default: a 'spool' directory beside the log directory).")
    Path spoolDir;

    @Option(names = "--bounce-profiles", paramLabel = "FILE",
            description = "Bounce profiles and the routes that use them (default: the ESA defaults for every route).")
    Path bounceProfiles;

    @Option(names = "--dns", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "DNS server for MX and A/AAAA lookups (RT-3, RT-5), e.g. a fake DNS on 127.0.0.1:5353 "
                    + "(default: the platform resolver, which knows no MX).")
    InetSocketAddress dns;

    @Option(names = "--mx-port", paramLabel = "PORT", defaultValue = "25",
            description = "Port of hosts found by MX lookup (default: ${DEFAULT-VALUE}).")
    int mxPort;

    @Option(names = "--destination-controls", paramLabel = "FILE",
            description = "TLS mode, AUTH profile and connection limit per destination domain "
                    + "(see reference-impl/README.md), e.g. 'example.com tls=required max-connections=10'.")
    Path destinationControls;

    @Option(names = "--syslog", paramLabel = "udp|tcp:HOST:PORT",
            description = "Also push every mail log line to this syslog receiver (LOG-6, RFC 3164), e.g. udp:127.0.0.1:514.")
    String syslog;

    @Option(names = "--allow-non-loopback", description = "Allow a listen address outside 127.0.0.0/8 and ::1.")
    boolean allowNonLoopback;

    @Override
    public Integer call() throws InterruptedException {
        if (!allowNonLoopback && !listen.getAddress().isLoopbackAddress()) {
            System.err.println("serve: --listen " + listen.getAddress().getHostAddress()
                    + " is not a loopback address; add --allow-non-loopback if you mean it");
            return 2;
        }
        RouteTable table = SmtpRoutesParser.read(routes);
        Path spool = spoolDir != null ? spoolDir : logDir.toAbsolutePath().resolveSibling("spool");
        EngineConfig.Builder config = EngineConfig.builder().listen(listen).routes(table).logDir(logDir)
                .spoolDir(spool);
        if (bounceProfiles != null) {
            config.bounceProfiles(BounceProfilesParser.read(bounceProfiles));
        }
        if (dns != null) {
            config.dnsServer(dns);
        }
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("--mx-port " + mxPort + " is not in 1..65535");
        }
        // Loopback tests bind 127.0.0.1 so the log shows a fixed interface; a real relay lets the kernel choose.
        config.delivery(DeliverySettings.rfc5321Defaults("esakit.localhost", allowNonLoopback ? null : "127.0.0.1")
                .withMxPort(mxPort));
        if (destinationControls != null) {
            config.destinationControls(DestinationControlsParser.read(destinationControls));
        }
        if (syslog != null) {
            int colon = syslog.indexOf(':');
            String transport = colon < 0 ? "" : syslog.substring(0, colon);
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw new IllegalArgumentException("--syslog '" + syslog + "' is not udp:HOST:PORT or tcp:HOST:PORT");
            }
            InetSocketAddress receiver;
            try {
                receiver = new HostPort().convert(syslog.substring(colon + 1));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new IllegalArgumentException("--syslog " + e.getMessage(), e);
            }
            config.addLogSink(new SyslogSink(receiver,
                    transport.equals("udp") ? SyslogSink.Transport.UDP : SyslogSink.Transport.TCP, allowNonLoopback));
        }
        ReferenceEngine engine = ReferenceEngine.start(config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }));
        System.out.println("reference engine listening on " + engine.listenAddress() + ", " + table.routes().size()
                + " routes, mail log " + engine.mailLogPath() + ", spool " + spool);
        stopped.await();
        return 0;
    }
}
