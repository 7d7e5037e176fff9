package dev.esakit.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsScenariosAndShowsFailuresAsTheyHappen() {
        ConsoleProgress progress = new ConsoleProgress(out, false);
        RunResult run = SampleRuns.reference();
        progress.started(run.scenarios().size());
        progress.scenarioFinished(run.scenarios().get(0));
        assertThat(printed()).isEqualTo("Running 2 scenarios\n"
                + "[1/2] PASS                Failover by failure kind › A 4xx greeting sends the message to the backup at once (84 ms)\n");
        progress.scenarioFinished(run.scenarios().get(1));
        progress.finished(run);
        assertThat(printed().lines()).containsSubsequence(
                "[2/2] FAIL                Choosing a host › Equal-priority hosts take turns per connection (131 ms)",
                "      Expected log line 3 not found: the second connection went to mx-a (127.0.0.10) again, not to mx-b",
                "      first missing log line: " + SampleRuns.MISSING_LINE.substring("Info: ".length()),
                "2 scenarios against reference in 420 ms: 1 FAIL, 1 PASS",
                "1 unexpected verdict.");
    }

    @Test
    void aStaleLedgerEntrySaysWhatToDo() {
        ConsoleProgress progress = new ConsoleProgress(out, false);
        RunResult run = SampleRuns.postfix();
        progress.started(run.scenarios().size());
        run.scenarios().forEach(progress::scenarioFinished);
        progress.finished(run);
        assertThat(printed()).contains("[1/5] STALE_EXPECTED_FAIL")
                .contains("passed, but the expected-results ledger lists it as failing: update the ledger")
                .contains("[2/5] EXPECTED_FAIL")
                .doesNotContain("Postfix cannot express")
                .contains("5 scenarios against postfix in 3.00 s: 1 STALE_EXPECTED_FAIL, 1 EXPECTED_FAIL, "
                        + "1 INFORMATIONAL, 1 NOT_OBSERVABLE, 1 SKIPPED")
                .endsWith("1 unexpected verdict.\n");
    }

    @Test
    void aSlowScenarioIsNamedWhenItStarts() {
        ConsoleProgress progress = new ConsoleProgress(out, false);
        progress.started(12);
        progress.scenarioStarted("Queue and retry", "Retries back off");
        assertThat(printed()).endsWith("[ 1/12] running             Queue and retry › Retries back off\n");
    }

    @Test
    void withoutATotalTheCountStandsAlone() {
        ConsoleProgress progress = new ConsoleProgress(out, false);
        progress.scenarioFinished(SampleRuns.failoverPass());
        assertThat(printed()).startsWith("[1] PASS ");
    }

    @Test
    void quietPrintsNothing() {
        ConsoleProgress progress = new ConsoleProgress(out, true);
        RunResult run = SampleRuns.reference();
        progress.started(2);
        progress.scenarioStarted("F", "S");
        run.scenarios().forEach(progress::scenarioFinished);
        progress.finished(run);
        assertThat(printed()).isEmpty();
    }
}
