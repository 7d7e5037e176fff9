package dev.esakit.engine.queue;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The engine as {@link CrashTest} runs it in a separate JVM, on the system clock:
 * {@code CrashTestEngine SPOOL_DIR LOG_DIR FAKE_PORT PORT_FILE}. It relays {@code example.com} to the fake host
 * on loopback, writes its listen port to PORT_FILE, and runs until killed.
 */
public final class CrashTestEngine {
    private CrashTestEngine() {
    }

    public static void main(String[] args) throws Exception {
        Path spool = Path.of(args[0]);
        Path log = Path.of(args[1]);
        int fakePort = Integer.parseInt(args[2]);
        Path portFile = Path.of(args[3]);
        BounceProfile quickRetries = new BounceProfile(100, Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), false);
        ReferenceEngine engine = ReferenceEngine.start(EngineConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .routes(new RouteTable(SmtpRoutesParser.parse("example.com 127.0.0.1:" + fakePort, "crash test")))
                .delivery(DeliverySettings.rfc5321Defaults("crash.test", "127.0.0.1").withTimeouts(Duration.ofSeconds(5)))
                .bounceProfile(quickRetries)
                // Segments of four large bodies: they roll and die every few messages, and the held ones compact
                // (ten times in a 20-kill RepeatedKillTest), so kills fall among those steps too.
                .bodySegmentBytes(4L * CrashTest.LARGE_BODY.length() + 1024)
                .logDir(log).spoolDir(spool).build());
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, String.valueOf(engine.listenAddress().getPort()), StandardCharsets.US_ASCII);
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join(); // until kill -9, which is the point
    }
}
