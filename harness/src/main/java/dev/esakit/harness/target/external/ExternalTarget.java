package dev.esakit.harness.target.external;

import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.target.NotObservableException;
import dev.esakit.harness.target.Target;
import dev.esakit.harness.target.TargetSetup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One scenario's view of a third-party relay: it applies the scenario's routes, reads only the log written
 * since, judges expectations in the relay's dialect, and lets time pass for real, scaled and bounded as the
 * profile says.
 */
public final class ExternalTarget implements Target {
    private final ExternalRelay relay;
    private ExternalRelay.Turn turn;

    public ExternalTarget(ExternalRelay relay) {
        this.relay = relay;
    }

    @Override
    public String name() {
        return relay.profile().name();
    }

    @Override
    public void start(TargetSetup setup) {
        turn = relay.begin(setup);
    }

    @Override
    public int queuedMessages() {
        started();
        return relay.queuedMessages();
    }

    @Override
    public void crashAndRestart() {
        started();
        relay.crashAndRestart();
    }

    @Override
    public String projectLine(String expected, List<String> lost) {
        return relay.dialect().project(expected, lost);
    }

    @Override
    public boolean writesEsaLog() {
        return relay.dialect().name().equals("esa");
    }

    @Override
    public InetSocketAddress submissionAddress() {
        return relay.profile().submit().address();
    }

    @Override
    public List<String> mailLog() {
        return relay.dialect().render(relay.source().since(started().mark()));
    }

    @Override
    public LogCheck checkLog(List<String> expected, Map<String, String> given, boolean exactly) {
        return relay.dialect().check(expected, relay.source().since(started().mark()), given, exactly);
    }

    /** What the relay's configuration could only approximate for this scenario's routes. */
    @Override
    public List<String> notes() {
        return turn == null ? List.of() : turn.notes();
    }

    /**
     * Waits for real: {@code duration} of scenario (ESA) time is {@code duration * timeScale} of the relay's,
     * whose retry timings were scaled alike. A wait beyond {@code maxPassTime} is not observable here.
     */
    @Override
    public void passTime(Duration duration) {
        TargetProfile.Timing timing = relay.profile().timing();
        Duration real = Duration.ofMillis(Math.round(duration.toMillis() * timing.timeScale()));
        if (real.compareTo(timing.maxPassTime()) > 0) {
            throw new NotObservableException("letting " + duration.toSeconds() + " s pass would take " + real.toSeconds()
                    + " s of real time on " + name() + ", more than its profile's maxPassTime ("
                    + timing.maxPassTime().toSeconds() + " s)");
        }
        try {
            Thread.sleep(real.toMillis()); // the relay runs on the wall clock: time passing is the point
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", e);
        }
    }

    private ExternalRelay.Turn started() {
        if (turn == null) {
            throw new IllegalStateException(name() + " was not started for this scenario");
        }
        return turn;
    }

    @Override
    public void close() {
        if (turn != null) {
            turn = null;
            relay.end();
        }
    }
}
