package dev.esakit.harness.target;

import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.LogCheck;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The relay under test, as the steps see it. Steps reach a relay only through this interface, so the same
 * catalog runs against the embedded reference engine or an external relay.
 */
public interface Target extends AutoCloseable {
    /** A short name for reports: "reference", "postfix", ... */
    String name();

    /** Applies the scenario's setup and makes the relay ready to receive mail. */
    void start(TargetSetup setup);

    /** Where the harness submits mail over SMTP. */
    InetSocketAddress submissionAddress();

    /** The relay's mail log lines written since {@link #start}, each with its ctime stamp and level. */
    List<String> mailLog();

    /** Lets time pass for the relay: virtual for the reference engine, real (bounded) for others. */
    void passTime(Duration duration);

    /** How many accepted messages the relay still holds (not yet delivered or bounced for every recipient). */
    int queuedMessages();

    /** Stops the relay abruptly, as a crash would, and starts it again on the same storage and settings. */
    void crashAndRestart();

    /**
     * Checks expected ESA-form log lines against this target's log. The reference engine writes the ESA form,
     * so every line is judged; a third-party target reads its own dialect and names what it cannot judge.
     */
    default LogCheck checkLog(List<String> expected, Map<String, String> given, boolean exactly) {
        return LogCheck.complete(LogMatcher.match(expected, mailLog(), given, exactly));
    }

    /**
     * Whether {@link #mailLog()} holds ESA mail_logs lines (the reference engine, an ESA). A target in another
     * dialect (Postfix) answers {@link #checkLog}, and {@link #projectLine} for a step that reads lines itself.
     */
    default boolean writesEsaLog() {
        return true;
    }

    /**
     * An expected ESA-form line in the form {@link #mailLog()} holds, or null when this target's log cannot
     * show it; {@code lost} receives what the projection dropped. The reference engine: the line itself.
     */
    default String projectLine(String expected, List<String> lost) {
        return expected;
    }

    /** What this target could only approximate for the scenario (shown with its verdict); none by default. */
    default List<String> notes() {
        return List.of();
    }

    @Override
    void close();
}
