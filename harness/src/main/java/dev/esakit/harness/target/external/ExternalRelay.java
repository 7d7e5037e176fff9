package dev.esakit.harness.target.external;

import dev.esakit.harness.logsource.AsyncOsTrackingSource;
import dev.esakit.harness.logsource.FileTailSource;
import dev.esakit.harness.logsource.LogSource;
import dev.esakit.harness.logsource.SyslogReceiver;
import dev.esakit.harness.logsource.dialect.LogDialect;
import dev.esakit.harness.target.NotObservableException;
import dev.esakit.harness.target.TargetSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A third-party relay for a whole run: started once (the profile's start command), its log collected by one
 * long-lived source, stopped at the end. Scenarios take turns on it: a relay has one route table and one
 * queue, so a scenario holds the relay from {@link #begin} to {@link #end}, and the next one waits.
 */
public final class ExternalRelay implements AutoCloseable {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);
    private static final Map<Path, TargetProfile> PROFILES = new ConcurrentHashMap<>();
    private static ExternalRelay shared;

    private final TargetProfile profile;
    private final LogSource source;
    private final LogDialect dialect;
    private final RouteGenerator generator;
    private final Semaphore turn = new Semaphore(1, true);

    private ExternalRelay(TargetProfile profile) {
        this.profile = profile;
        this.dialect = LogDialect.named(profile.log().dialect());
        this.source = source(profile);
        this.generator = profile.routes().mode() == TargetProfile.RouteMode.GENERATED
                ? RouteGenerator.named(profile) : null;
    }

    /** The profile at {@code file}, read once per run. */
    public static TargetProfile profileOf(Path file) {
        return PROFILES.computeIfAbsent(file.toAbsolutePath().normalize(), TargetProfileReader::read);
    }

    /** The run's relay, started on first use. */
    public static synchronized ExternalRelay shared(Path file) {
        TargetProfile profile = profileOf(file);
        if (shared == null) {
            shared = start(profile);
            Runtime.getRuntime().addShutdownHook(new Thread(ExternalRelay::stopShared, "stop " + profile.name()));
        } else if (!shared.profile.file().equals(profile.file())) {
            throw new IllegalStateException("this run already drives " + shared.profile.file() + ", not " + file);
        }
        return shared;
    }

    /** Stops the run's relay, if one was started. */
    public static synchronized void stopShared() {
        if (shared != null) {
            ExternalRelay r = shared;
            shared = null;
            r.close();
        }
    }

    /** Starts the relay as the profile says and waits until its SMTP service answers. */
    public static ExternalRelay start(TargetProfile profile) {
        return startWithin(profile, READY_LIMIT);
    }

    /** {@link #start}, waiting at most {@code ready} for the SMTP greeting. */
    static ExternalRelay startWithin(TargetProfile profile, Duration ready) {
        if (profile.submit().tls() != TargetProfile.Tls.NONE || profile.submit().auth() != null) {
            throw new IllegalArgumentException(profile.file() + ": submit.tls and submit.auth are read but the"
                    + " harness's submitter speaks plain SMTP only so far; remove them or submit without them");
        }
        ExternalRelay relay = new ExternalRelay(profile);
        relay.source.open();
        if (relay.generator != null) {
            relay.generator.write(TargetSetup.of(List.of()));
        }
        try {
            ProfileCommand.run("start", profile.lifecycle().start(), profile.file().getParent(), COMMAND_LIMIT);
            relay.awaitSmtp(ready);
        } catch (RuntimeException e) {
            relay.source.close();
            throw e;
        }
        return relay;
    }

    private static LogSource source(TargetProfile p) {
        TargetProfile.Log log = p.log();
        return switch (log.type()) {
            case FILE -> new FileTailSource(log.path());
            case SYSLOG -> {
                SyslogReceiver r = SyslogReceiver.on(log.listen());
                if (log.protocols().contains("udp")) {
                    r.udp();
                }
                if (log.protocols().contains("tcp")) {
                    r.tcp();
                }
                if (log.allowNonLoopback()) {
                    r.allowNonLoopback();
                }
                yield r;
            }
            case ASYNCOS_API -> {
                String password = System.getenv(log.passwordEnv());
                if (password == null) {
                    throw new IllegalArgumentException(p.file() + ": log.passwordEnv names " + log.passwordEnv()
                            + ", which is not set in the environment");
                }
                yield new AsyncOsTrackingSource(log.url(), log.username(), password, log.serialNumber(),
                        log.pollInterval());
            }
        };
    }

    private void awaitSmtp(Duration ready) {
        InetSocketAddress at = profile.submit().address();
        Instant deadline = Instant.now().plus(ready);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(at, 1000);
                s.setSoTimeout(5000);
                int first = s.getInputStream().read();
                if (first == '2') {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100); // polling a process we started; nothing to wait on but the port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + profile.name(), e);
            }
        }
        throw new IllegalStateException(profile.name() + " did not greet on " + TargetProfileReader.show(at)
                + " within " + ready + (last == null ? "" : ": " + last.getMessage()) + "; see "
                + source.describe());
    }

    public TargetProfile profile() {
        return profile;
    }

    LogSource source() {
        return source;
    }

    LogDialect dialect() {
        return dialect;
    }

    /**
     * Takes the relay for one scenario: applies its routes and returns the log position it starts from and
     * the generator's approximations.
     */
    Turn begin(TargetSetup setup) {
        try {
            turn.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + profile.name(), e);
        }
        try {
            List<String> notes = List.of();
            if (generator != null) {
                notes = generator.write(setup);
                ProfileCommand.run("apply", profile.routes().apply(), profile.file().getParent(), COMMAND_LIMIT);
            }
            return new Turn(source.mark(), notes);
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
    }

    /** Gives the relay back after a scenario: the reset command empties its queue for the next one. */
    void end() {
        try {
            ProfileCommand.run("reset", profile.lifecycle().reset(), profile.file().getParent(), COMMAND_LIMIT);
        } finally {
            turn.release();
        }
    }

    /** How many messages the relay holds, from the profile's {@code queued} command (prints a number). */
    int queuedMessages() {
        List<String> command = profile.lifecycle().queued();
        if (command.isEmpty()) {
            throw new NotObservableException(profile.name() + "'s profile names no 'queued' command");
        }
        String out = ProfileCommand.output("queued", command, profile.file().getParent(), COMMAND_LIMIT).strip();
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("queued command " + command + " printed '" + out + "', not a number");
        }
    }

    /** Kills the relay as a crash would and starts it again (the profile's {@code crash} command). */
    void crashAndRestart() {
        List<String> command = profile.lifecycle().crash();
        if (command.isEmpty()) {
            throw new NotObservableException(profile.name() + "'s profile names no 'crash' command");
        }
        ProfileCommand.run("crash", command, profile.file().getParent(), COMMAND_LIMIT);
        awaitSmtp(READY_LIMIT);
    }

    /** One scenario's hold on the relay. */
    record Turn(long mark, List<String> notes) {
    }

    @Override
    public void close() {
        try {
            ProfileCommand.run("stop", profile.lifecycle().stop(), profile.file().getParent(), COMMAND_LIMIT);
        } finally {
            source.close();
        }
    }
}
