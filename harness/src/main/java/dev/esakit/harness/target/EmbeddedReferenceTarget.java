package dev.esakit.harness.target;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.delivery.DeliverySettings;
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
import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference engine in this JVM, on a virtual clock, with its own log and spool directories. Each
 * scenario gets a fresh one, so scenarios run side by side.
 */
public final class EmbeddedReferenceTarget implements Target {
    /** Short client timeouts: a scenario that waits for a timeout (FO-3) should not wait minutes. */
    static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(2);

    private final Path workDir;
    private final VirtualClock clock = new VirtualClock(Instant.now());
    private ReferenceEngine engine;

    public EmbeddedReferenceTarget(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void start(List<RouteSpec> routes) {
        String text = routes.stream().map(RouteSpec::toSmtpRoutes).collect(Collectors.joining("\n"));
        try {
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("smtproutes.txt"), text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RouteTable table = SmtpRoutesParser.read(workDir.resolve("smtproutes.txt"));
        engine = ReferenceEngine.start(EngineConfig.builder()
                .routes(table)
                .logDir(workDir.resolve("log"))
                .spoolDir(workDir.resolve("spool"))
                .clock(clock)
                .delivery(DeliverySettings.rfc5321Defaults("esakit.localhost", "127.0.0.1")
                        .withTimeouts(SCENARIO_TIMEOUT))
                .build());
    }

    @Override
    public InetSocketAddress submissionAddress() {
        return engine.listenAddress();
    }

    @Override
    public List<String> mailLog() {
        try {
            return Files.readAllLines(engine.mailLogPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + engine.mailLogPath(), e);
        }
    }

    @Override
    public void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
