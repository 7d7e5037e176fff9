package dev.esakit.report;

import dev.esakit.report.matrix.RuleMatrix;
import dev.esakit.report.matrix.VerdictCounts;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress on the console while a run goes: a line per finished scenario with the count so far, the reason
 * right under each unexpected verdict, and a summary at the end. Quiet mode prints nothing. Safe to call
 * from the threads that run scenarios.
 */
public final class ConsoleProgress {
    private final PrintStream out;
    private final boolean quiet;
    private int total = -1;
    private int done;

    public ConsoleProgress(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public synchronized void started(int total) {
        this.total = total;
        this.done = 0;
        if (!quiet) {
            out.println("Running " + total + (total == 1 ? " scenario" : " scenarios"));
            out.flush();
        }
    }

    /**
     * Optional: names the scenario that starts now. Worth calling for targets that run in real time (a relay's
     * retry waits take minutes), so that the console says what it is waiting for; fast runs can skip it.
     */
    public synchronized void scenarioStarted(String feature, String scenario) {
        if (!quiet) {
            out.printf(Locale.ROOT, "%s %-19s %s › %s%n", count(done + 1), "running", feature, scenario);
            out.flush();
        }
    }

    public synchronized void scenarioFinished(ScenarioResult result) {
        done++;
        if (quiet) {
            return;
        }
        String count = count(done);
        out.printf(Locale.ROOT, "%s %-19s %s › %s (%s)%n", count, result.verdict().name(), result.feature(),
                result.scenario(), duration(result.duration()));
        if (!result.verdict().expected()) {
            String indent = " ".repeat(count.length() + 1);
            String why = result.verdict() == Verdict.STALE_EXPECTED_FAIL
                    ? "passed, but the expected-results ledger lists it as failing: update the ledger"
                    : result.failureMessage() == null ? "failed" : result.failureMessage();
            for (String line : why.split("\\R")) {
                out.println(indent + line);
            }
            if (result.log() != null && !result.log().matched()) {
                out.println(indent + "first missing log line: "
                        + result.log().expected().get(result.log().firstMismatchExpectedIndex()));
            }
        }
        out.flush();
    }

    public synchronized void finished(RunResult run) {
        if (quiet) {
            return;
        }
        VerdictCounts counts = VerdictCounts.of(run.scenarios());
        List<String> parts = new ArrayList<>();
        for (Verdict v : RuleMatrix.SEVERITY) {
            if (counts.get(v) > 0) {
                parts.add(counts.get(v) + " " + v.name());
            }
        }
        out.printf(Locale.ROOT, "%d %s against %s in %s: %s%n", counts.total(),
                counts.total() == 1 ? "scenario" : "scenarios", run.target(),
                duration(Duration.between(run.started(), run.finished())),
                parts.isEmpty() ? "nothing ran" : String.join(", ", parts));
        out.println(counts.unexpected() == 0 ? "Every verdict is as expected."
                : counts.unexpected() + (counts.unexpected() == 1 ? " unexpected verdict." : " unexpected verdicts."));
        out.flush();
    }

    private String count(int n) {
        return total < 0 ? "[" + n + "]" : String.format(Locale.ROOT, "[%" + digits(total) + "d/%d]", n, total);
    }

    private static int digits(int n) {
        return Integer.toString(Math.max(n, 1)).length();
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
}
