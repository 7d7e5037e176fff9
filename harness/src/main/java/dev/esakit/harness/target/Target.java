package dev.esakit.harness.target;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The relay under test, as the steps see it. Steps reach a relay only through this interface, so the same
 * catalog runs against the embedded reference engine or an external relay.
 */
public interface Target extends AutoCloseable {
    /** A short name for reports: "reference", "postfix", ... */
    String name();

    /** Applies the scenario's routes and makes the relay ready to receive mail. */
    void start(List<RouteSpec> routes);

    /** Where the harness submits mail over SMTP. */
    InetSocketAddress submissionAddress();

    /** The relay's mail log lines written since {@link #start}, each with its ctime stamp and level. */
    List<String> mailLog();

    /** Lets time pass for the relay: virtual for the reference engine, real (bounded) for others. */
    void passTime(Duration duration);

    @Override
    void close();
}
