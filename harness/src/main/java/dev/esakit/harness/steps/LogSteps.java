package dev.esakit.harness.steps;

import static org.awaitility.Awaitility.await;

import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/** Steps that assert the target's mail log, line by line. */
public class LogSteps {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ScenarioWorld world;

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

    private void expect(String text, boolean exactly) {
        List<String> expected = Arrays.stream(text.split("\r?\n")).map(String::strip).filter(l -> !l.isEmpty())
                .toList();
        LogMatch[] last = new LogMatch[1];
        LogCheck[] check = new LogCheck[1];
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                // A third-party target judges in its own log dialect and names what it cannot show.
                check[0] = world.target().checkLog(expected, world.hostBindings(), exactly);
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
            throw new AssertionError("The mail log does not show the expected lines"
                    + (exactly ? " exactly" : " in order") + ".\n" + last[0].describe());
        }
    }
}
