package dev.esakit.engine.hostile;

import static org.awaitility.Awaitility.await;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@link ReferenceEngine} on loopback with its own spool and log directory, on the system clock, with
 * short client timeouts so that a hostile destination costs a test well under a second. Tests see it only as a
 * relay would be seen: its SMTP listener and its {@code mail.current}.
 */
final class EngineUnderTest implements AutoCloseable {
    private static final Pattern NEW_DCID = Pattern.compile("New SMTP DCID (\\d+) ");
    private static final Pattern DCID_CLOSE = Pattern.compile("^DCID (\\d+) close$");

    private final Path dir;
    private final ReferenceEngine engine;

    private EngineUnderTest(Path dir, ReferenceEngine engine) {
        this.dir = dir;
        this.engine = engine;
    }

    /** An engine whose routes are {@code smtproutes} lines and whose every client timeout is {@code timeouts}. */
    static EngineUnderTest start(String smtproutes, Duration timeouts) {
        return start(smtproutes, timeouts, UnaryOperator.identity());
    }

    static EngineUnderTest start(String smtproutes, Duration timeouts, UnaryOperator<EngineConfig.Builder> more) {
        Path dir;
        try {
            dir = Files.createTempDirectory("esakit-hostile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EngineConfig.Builder config = EngineConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .routes(new RouteTable(SmtpRoutesParser.parse(smtproutes, "test routes")))
                .delivery(DeliverySettings.rfc5321Defaults("relay.test", "127.0.0.1").withTimeouts(timeouts)
                        .withIdleTimeout(timeouts)) // an idle kept-open connection must also end soon
                .logDir(dir.resolve("log"))
                .spoolDir(dir.resolve("spool"));
        return new EngineUnderTest(dir, ReferenceEngine.start(more.apply(config).build()));
    }

    InetSocketAddress listenAddress() {
        return engine.listenAddress();
    }

    ReferenceEngine engine() {
        return engine;
    }

    Path mailLog() {
        return engine.mailLogPath();
    }

    /** Whole lines of mail.current, stamps included. */
    List<String> log() {
        return MailLogLines.read(mailLog());
    }

    /** Whole lines of mail.current without their stamps. */
    List<String> logText() {
        return log().stream().map(MailLogLines::text).toList();
    }

    /** Submits one message over SMTP and returns its MID. */
    long submit(String from, List<String> to, String content) {
        try {
            long mid = SubmittingClient.submit(listenAddress(), from, to, content);
            if (mid < 0) {
                throw new AssertionError("the engine refused the message");
            }
            return mid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the line that says what became of {@code mid}: {@code Message finished MID m done} (delivered or
     * bounced) or {@code MID m to RID [...] pending till ...} (held for a retry). Every accepted message ends in
     * one of the two, or it is lost.
     */
    String awaitOutcome(long mid, Duration bound) {
        Pattern finished = Pattern.compile("^Message finished MID " + mid + " done$");
        Pattern pending = Pattern.compile("^MID " + mid + " to RID \\[[0-9, ]+] pending till ");
        return await("outcome of MID " + mid).atMost(bound).pollInterval(Duration.ofMillis(20))
                .until(() -> logText().stream()
                        .filter(l -> finished.matcher(l).find() || pending.matcher(l).find()).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until every delivery connection the log opened ({@code New SMTP DCID n}) is logged closed. */
    void awaitEveryDeliveryConnectionClosed(Duration bound) {
        await("every New SMTP DCID has its DCID close").atMost(bound).pollInterval(Duration.ofMillis(20))
                .until(() -> openDeliveryConnections().isEmpty());
    }

    /** DCIDs with a {@code New SMTP DCID} line and no {@code DCID n close} line yet. */
    Set<Long> openDeliveryConnections() {
        Set<Long> open = new HashSet<>();
        for (String line : logText()) {
            Matcher n = NEW_DCID.matcher(line);
            if (n.find() && line.startsWith("New SMTP DCID")) {
                open.add(Long.parseLong(n.group(1)));
            }
            Matcher c = DCID_CLOSE.matcher(line);
            if (c.find()) {
                open.remove(Long.parseLong(c.group(1)));
            }
        }
        return open;
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
