package dev.esakit.harness.target.external;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the harness reaches and drives a relay it did not write: a target profile, read from YAML by
 * {@link TargetProfileReader}. Every path in it is already resolved against the profile's directory, every
 * {@code ${VAR:-default}} already expanded, every value already checked.
 *
 * @param file        where the profile was read from, for messages
 * @param name        the target's name in reports ("postfix")
 * @param description one line for people
 * @param submit      where and how the harness submits mail
 * @param routes      how a scenario's routes reach the relay
 * @param lifecycle   commands run once per run (start, stop) and per scenario (reset)
 * @param log         where the relay's mail log comes from and how to read it
 * @param timing      the relay's real-time retry behaviour and how long the harness may wait for it
 * @param ledger      the expected-results ledger for this target; null when it has none
 */
public record TargetProfile(Path file, String name, String description, Submit submit, Routes routes,
                            Lifecycle lifecycle, Log log, Timing timing, Path ledger) {

    /** The relay's SMTP submission service. */
    public record Submit(InetSocketAddress address, Tls tls, Auth auth) {
    }

    public enum Tls { NONE, STARTTLS }

    /** SMTP AUTH for submission; the password comes from an environment variable, never from the file. */
    public record Auth(String mechanism, String username, String passwordEnv) {
    }

    public enum RouteMode {
        /** The harness writes the relay's route configuration with a generator and runs an apply command. */
        GENERATED,
        /** The operator pointed the relay's routes at fixed harness addresses, listed in {@code hosts}. */
        MANUAL
    }

    /**
     * @param mode      generated or manual
     * @param generator for generated routes: which generator ("postfix")
     * @param directory for generated routes: the relay instance's directory the generator writes into
     * @param apply     for generated routes: the command that makes the relay use the new routes
     * @param listen    for generated routes: where the relay's SMTP service listens (the generator writes it)
     * @param hosts     for manual routes: fake host name to the fixed address the relay's routes point at
     */
    public record Routes(RouteMode mode, String generator, Path directory, List<String> apply,
                         InetSocketAddress listen, Map<String, InetSocketAddress> hosts) {
    }

    /**
     * Commands as argument lists; empty when the profile names none. {@code start}/{@code stop} run once per
     * run, {@code reset} after every scenario, {@code queued} prints how many messages the relay holds,
     * {@code crash} kills the relay as a crash would and starts it again.
     */
    public record Lifecycle(List<String> start, List<String> stop, List<String> reset, List<String> queued,
                            List<String> crash) {
    }

    public enum SourceType { FILE, SYSLOG, ASYNCOS_API }

    /**
     * @param type      file, syslog or asyncos-api
     * @param path      file: the log file to tail
     * @param listen    syslog: where the receiver binds (loopback unless {@code allowNonLoopback})
     * @param protocols syslog: "udp", "tcp" or both
     * @param allowNonLoopback syslog: permit a non-loopback bind (an appliance on the network pushes to it)
     * @param url       asyncos-api: the appliance's API base, like {@code https://esa.example:6443}
     * @param username  asyncos-api: API user
     * @param passwordEnv asyncos-api: environment variable holding the password
     * @param serialNumber asyncos-api: the appliance's serial number, for detail queries
     * @param pollInterval asyncos-api: how often to poll
     * @param dialect   how to read the lines: "esa" (AsyncOS mail_logs), "postfix", "asyncos-tracking"
     */
    public record Log(SourceType type, Path path, InetSocketAddress listen, List<String> protocols,
                      boolean allowNonLoopback, String url, String username, String passwordEnv,
                      String serialNumber, Duration pollInterval, String dialect) {
    }

    /**
     * A real relay runs in real time. Scenario time (ESA seconds) maps to real time by {@code timeScale}: the
     * relay was configured with the ESA bounce profile's timings multiplied by it, and a step that lets 60 s
     * pass waits {@code 60 s * timeScale} for real, but never more than {@code maxPassTime}.
     *
     * @param timeScale     real seconds per scenario second
     * @param maxPassTime   the longest real wait a step may ask for
     * @param bounceProfile the relay's retry settings in real time, as configured (for the report and the generator)
     */
    public record Timing(double timeScale, Duration maxPassTime, BounceProfile bounceProfile) {
    }

    /** The relay's retry settings; {@code maxRetries} null when the relay has no such setting (Postfix). */
    public record BounceProfile(Duration initialWait, Duration maxWait, Duration maxTimeInQueue, Integer maxRetries) {
    }
}
