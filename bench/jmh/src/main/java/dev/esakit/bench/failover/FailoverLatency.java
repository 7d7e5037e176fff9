package dev.esakit.bench.failover;

import dev.esakit.bench.Percentiles;
import dev.esakit.bench.SmtpProbeClient;
import dev.esakit.bench.probe.Args;
import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.queue.BounceProfile;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import dev.esakit.fake.smtp.Transcript;
import dev.esakit.fake.smtp.TranscriptLine;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * FO: how long the engine takes to fail over. Host A answers every connection's greeting with 421; host B
 * (lower priority) accepts. For each message: from the instant A wrote its 421 to the instant B wrote its
 * greeting to the engine's new connection (both stamped by the fake servers' transcripts, one clock).
 *
 * <p>Two settings make every message fail over: the bounce profile's initial wait is zero, so SEL-6 never
 * keeps A marked down (it would skip A after the first message, as AsyncOS does); and a connection carries
 * one message, so each message opens a new connection to B instead of reusing the last one (CONN-1).
 * Messages go one at a time (the next is sent once B answered the last one's QUIT), so the figure is the engine's own
 * failover path, not queueing behind other messages.
 *
 * <pre>FailoverLatency --messages 1000 --warmup 200 --work DIR</pre>
 */
public final class FailoverLatency {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int messages = Integer.parseInt(a.getOrDefault("--messages", "1000"));
        int warmup = Integer.parseInt(a.getOrDefault("--warmup", "200"));
        Path work = Path.of(a.getOrDefault("--work", Files.createTempDirectory("esakit-failover").toString()));
        String net = a.getOrDefault("--net", "127.0.93");

        FakeSmtpServer hostA = FakeSmtpServer.bind(net + ".21", 0);
        hostA.on(Stage.GREETING).reply(421, "4.3.2 Service not available, try host B");
        hostA.start();
        // The main thread blocks until B answered the QUIT of the message's connection. It used to spin on
        // hostB.messages(), which copies the list on every call: on 2 cores that spin took a core from the engine
        // and fed the GC, and was most of the p99.
        Semaphore delivered = new Semaphore(0);
        FakeSmtpServer hostB = FakeSmtpServer.bind(net + ".22", 0).onTranscriptLine(e -> {
            if (e.line().direction() == Direction.SERVER && e.line().text().startsWith("221")) {
                delivered.release();
            }
        }).start();
        String routesText = "fail.test " + hostA.address().getHostString() + ":" + hostA.address().getPort()
                + "/pri=0, " + hostB.address().getHostString() + ":" + hostB.address().getPort() + "/pri=10\n";
        RouteTable routes = new RouteTable(SmtpRoutesParser.parse(routesText, "failover-latency routes"));
        BounceProfile noHostDownTime = new BounceProfile(100, Duration.ofDays(3), Duration.ZERO,
                Duration.ofHours(1), false);
        EngineConfig config = EngineConfig.builder()
                .listen(new InetSocketAddress(net + ".20", 0))
                .routes(routes)
                .logDir(work.resolve("log"))
                .spoolDir(work.resolve("spool"))
                .bounceProfile(noHostDownTime)
                .delivery(DeliverySettings.rfc5321Defaults("esakit.localhost", "127.0.0.1")
                        .withMaxMessagesPerConnection(1))
                .build();

        int total = warmup + messages;
        try (ReferenceEngine engine = ReferenceEngine.start(config);
             SmtpProbeClient client = new SmtpProbeClient(engine.listenAddress(), "failover.bench.test")) {
            for (int k = 0; k < total; k++) {
                byte[] content = ("Subject: failover " + k + "\r\n\r\nbody " + k + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                client.send("src@bench.test", "rcpt-" + k + "@fail.test", content);
                if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("message " + k + " did not reach host B within 10 s; see "
                            + engine.mailLogPath());
                }
            }
        }

        List<Transcript> fromA = hostA.transcripts();
        List<Transcript> toB = hostB.transcripts();
        if (fromA.size() != total || toB.size() != total) {
            throw new IllegalStateException("expected " + total + " connections to each host, A had " + fromA.size()
                    + ", B had " + toB.size() + " (did a connection carry two messages?)");
        }
        double[] ms = new double[messages];
        for (int k = warmup; k < total; k++) {
            Instant refused = first(fromA.get(k), "421");
            Instant greeted = first(toB.get(k), "220");
            ms[k - warmup] = Duration.between(refused, greeted).toNanos() / 1e6;
        }
        Percentiles p = new Percentiles(ms);
        System.out.println(String.format(Locale.ROOT, "messages=%d warmup=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                messages, warmup, p.at(50), p.at(99), p.max()));
        hostA.close();
        hostB.close();
    }

    private static Instant first(Transcript t, String replyCode) {
        for (TranscriptLine line : t.lines()) {
            if (line.direction() == Direction.SERVER && line.text().startsWith(replyCode)) {
                return line.at();
            }
        }
        throw new IllegalStateException("connection " + t.connection() + " has no " + replyCode + " line: " + t);
    }
}
