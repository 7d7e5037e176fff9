package dev.esakit.harness.steps;


import dev.esakit.harness.logmatch.LinePattern;
import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Steps that assert the target's mail log, line by line. Expectations wait (bounded) until the log shows
 * them; captures ({@code {d1:dcid}}) made by one step carry over to the next steps of the scenario.
 */
public class LogSteps {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ScenarioWorld world;
    private Map<String, String> carried = Map.of();

    public LogSteps(ScenarioWorld world) {
        this.world = world;
    }

    @Then("the mail log shows, in order:")
    public void showsInOrder(String lines) {
        expect(lines, false);
    }

    @Then("the mail log shows exactly:")
    public void showsExactly(String lines) {
        expect(lines, true);
    }

    /** Checked at once, so it belongs after a step that waited for the lines around it. */
    @Then("the mail log has no line like {string}")
    public void noLineLike(String line) {
        String judged = judgedForm(line);
        if (judged == null) {
            return;
        }
        LinePattern p = new LinePattern(judged);
        List<String> log = world.target().mailLog();
        Map<String, String> bound = bindings();
        for (int i = 0; i < log.size(); i++) {
            String whole = log.get(i);
            int text = whole.indexOf(": ");
            if (p.match(p.wholeLine() || text < 0 ? whole : whole.substring(text + 2), bound) != null) {
                throw new AssertionError("The mail log has a line like '" + line + "': line " + (i + 1) + ": "
                        + whole + "\n" + String.join("\n", log));
            }
        }
    }

    /** Waits until the log has at least this many such lines, then demands exactly this many. */
    @Then("the mail log has {int} line(s) like {string}")
    public void countLines(int count, String line) {
        String judged = judgedForm(line);
        if (judged == null) {
            return;
        }
        LinePattern p = new LinePattern(judged);
        int[] seen = new int[1];
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> (seen[0] = countMatches(p)) >= count);
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (seen[0] != count) {
            throw new AssertionError("The mail log has " + seen[0] + " lines like '" + line + "', expected " + count
                    + ":\n" + String.join("\n", world.target().mailLog()));
        }
    }

    private int countMatches(LinePattern p) {
        Map<String, String> bound = bindings();
        int n = 0;
        for (String whole : world.target().mailLog()) {
            int text = whole.indexOf(": ");
            if (p.match(p.wholeLine() || text < 0 ? whole : whole.substring(text + 2), bound) != null) {
                n++;
            }
        }
        return n;
    }

    @Given("the relay sends its mail log to a syslog receiver")
    public void syslogReceiver() {
        world.syslog();
    }

    @Then("the syslog receiver gets, in order:")
    public void syslogGets(String lines) {
        List<String> expected = lines(lines);
        await(() -> LogCheck.complete(LogMatcher.matchSyslog(expected, world.syslog().messages(), bindings())),
                "the syslog messages", false);
    }

    private void expect(String text, boolean exactly) {
        List<String> expected = lines(text);
        // A third-party target judges in its own log dialect and names what it cannot show.
        await(() -> world.target().checkLog(expected, bindings(), exactly), "the mail log", exactly);
    }

    private void await(Supplier<LogCheck> attempt, String what, boolean exactly) {
        LogMatch[] last = new LogMatch[1];
        LogCheck[] check = new LogCheck[1];
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                check[0] = attempt.get();
                last[0] = check[0].match();
                return last[0].matched();
            });
        } catch (ConditionTimeoutException e) {
            // fall through: the last attempt carries the evidence
        } finally {
            world.evidence().logMatch = last[0];
            if (check[0] != null) {
                world.evidence().notObservable.addAll(check[0].notObservable());
                world.evidence().logJudgedNothing |= check[0].judgedNothing();
            }
        }
        if (!last[0].matched()) {
            throw new AssertionError(what + " does not show the expected lines" + (exactly ? " exactly" : " in order")
                    + " (waited " + WAIT.toSeconds() + " s).\n" + last[0].describe());
        }
        carried = last[0].bindings();
    }

    /**
     * The line as the target's log can show it: itself for an ESA log, its reduced form for another dialect
     * (Postfix), or null when that log cannot show it at all, which the evidence then records: the scenario
     * is judged NOT OBSERVABLE unless something else fails.
     */
    private String judgedForm(String line) {
        List<String> lost = new java.util.ArrayList<>();
        String judged = world.target().projectLine(line, lost);
        world.evidence().notObservable.addAll(lost);
        if (judged == null) {
            world.evidence().logJudgedNothing = true;
        }
        return judged;
    }

    private Map<String, String> bindings() {
        Map<String, String> all = new java.util.HashMap<>(carried);
        all.putAll(world.hostBindings());
        return all;
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\r?\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
