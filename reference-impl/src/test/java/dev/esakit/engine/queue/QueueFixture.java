package dev.esakit.engine.queue;

import static org.awaitility.Awaitility.await;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.log.Ctime;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import dev.esakit.fake.smtp.FakeSmtpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A reference engine on a virtual clock, relaying {@code example.com} and {@code sender.test} (where DSNs go)
 * to one fake host on loopback. Tests step the clock and wait for the queue to settle between steps.
 */
final class QueueFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String SENDER = "alice@sender.test";
    static final String RCPT = "bob@example.com";

    final VirtualClock clock = new VirtualClock(T0);
    final FakeSmtpServer host;
    final Path dir;
    private final UnaryOperator<EngineConfig.Builder> tweak;
    String extraRoutes = "";
    ReferenceEngine engine;

    QueueFixture(Path dir, FakeSmtpServer host, UnaryOperator<EngineConfig.Builder> tweak) {
        this.dir = dir;
        this.host = host;
        this.tweak = tweak;
    }

    static QueueFixture start(Path dir, UnaryOperator<EngineConfig.Builder> tweak) {
        FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0);
        return new QueueFixture(dir, host, tweak);
    }

    QueueFixture run() {
        int port = host.address().getPort();
        RouteTable routes = new RouteTable(SmtpRoutesParser.parse(
                "example.com 127.0.0.1:" + port + "\nsender.test 127.0.0.1:" + port + "\n" + extraRoutes, "test"));
        engine = ReferenceEngine.start(tweak.apply(EngineConfig.builder()
                .routes(routes).logDir(dir.resolve("log")).spoolDir(dir.resolve("spool"))
                .clock(clock).zone(ZoneOffset.UTC)).build());
        return this;
    }

    long submit(String from, List<String> to, String content) {
        try {
            return SmtpSubmission.submit(engine.listenAddress(), from, to, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long submit() {
        return submit(SENDER, List.of(RCPT), "Subject: queue test\r\nMessage-ID: <q@test>\r\n\r\nhello\r\n");
    }

    Optional<SpooledMessage> held(long mid) {
        return engine.queue().list().stream().filter(m -> m.message().mid() == mid).findFirst();
    }

    /** Waits until RID {@code rid} of {@code mid} had {@code k} attempts and the attempt is settled. */
    void awaitAttempts(long mid, int rid, int k) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.queue().attempting(mid)
                && held(mid).map(m -> m.state().recipient(rid).attempts() == k).orElse(false)
                && held(mid).map(m -> m.state().recipient(rid).status() != RecipientStatus.PENDING).orElse(false));
    }

    void awaitFinished(long mid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> held(mid).isEmpty()
                && log().stream().anyMatch(l -> l.endsWith("Message finished MID " + mid + " done")));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    List<String> log() {
        try {
            return Files.readAllLines(engine.mailLogPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> logContaining(String text) {
        return log().stream().filter(l -> l.contains(text)).toList();
    }

    static String stamp(Instant at) {
        return Ctime.format(at, ZoneOffset.UTC);
    }

    static String at(long seconds) {
        return stamp(T0.plusSeconds(seconds));
    }

    void restart() {
        engine.close();
        run();
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        host.close();
    }
}
