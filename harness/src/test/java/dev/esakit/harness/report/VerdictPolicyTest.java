package dev.esakit.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esakit.harness.target.NotObservableException;
import dev.esakit.harness.target.UnsupportedSetting;
import dev.esakit.harness.target.external.ExpectedResultsLedger;
import dev.esakit.report.ExitCode;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictPolicyTest {
    @TempDir
    Path dir;
    private ExpectedResultsLedger ledger;

    @BeforeEach
    void ledger() throws IOException {
        Path file = Files.writeString(dir.resolve("relay-ledger.yaml"), """
                target: relay
                expected:
                  - scenario: "Equal priorities take turns"
                    reason: "No round robin among equal priorities."
                  - rule: SEL-6
                    reason: "Dead destinations are per domain."
                """);
        ledger = ExpectedResultsLedger.read(file);
    }

    private static VerdictPolicy.Outcome outcome(String name, List<String> rules, String level, Throwable error,
                                                 boolean judgedNothing) {
        return new VerdictPolicy.Outcome(name, rules, level, error == null, false, error, judgedNothing,
                List.of("'Delivery start DCID {d}': no counterpart"), List.of());
    }

    private Verdict judge(boolean thirdParty, VerdictPolicy.Outcome o) {
        return new VerdictPolicy(thirdParty, thirdParty ? ledger : null).judge(o).verdict();
    }

    @Test
    void theReferenceEngineOnlyPassesOrFails() {
        assertThat(judge(false, outcome("x", List.of("SEL-6"), "reference-defined", new AssertionError("no"), false)))
                .isEqualTo(Verdict.FAIL);
        assertThat(judge(false, outcome("Equal priorities take turns", List.of(), "documented", null, false)))
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void aThirdPartyTargetsVerdicts() {
        AssertionError failed = new AssertionError("mx-b received 0 messages");
        assertThat(judge(true, outcome("Equal priorities take turns", List.of("SEL-2"), "documented", failed, false)))
                .isEqualTo(Verdict.EXPECTED_FAIL);
        assertThat(judge(true, outcome("Recovered primary", List.of("SEL-6"), "reference-defined", failed, false)))
                .as("the ledger's reason wins over informational").isEqualTo(Verdict.EXPECTED_FAIL);
        assertThat(judge(true, outcome("Timeout details", List.of("FO-3"), "reference-defined", failed, false)))
                .isEqualTo(Verdict.INFORMATIONAL);
        assertThat(judge(true, outcome("Seed", List.of("FO-1"), "documented", failed, false))).isEqualTo(Verdict.FAIL);
        assertThat(judge(true, outcome("Seed", List.of("FO-1"), "documented", null, false))).isEqualTo(Verdict.PASS);
        assertThat(judge(true, outcome("Seed", List.of("LOG-5"), "documented", null, true)))
                .isEqualTo(Verdict.NOT_OBSERVABLE);
        assertThat(judge(true, outcome("Retry", List.of("Q-3"), "documented",
                new NotObservableException("would wait 720 s"), false))).isEqualTo(Verdict.NOT_OBSERVABLE);
        assertThat(judge(true, outcome("Retry", List.of("Q-3"), "documented",
                new UnsupportedSetting("postfix", "maximum retries 2"), false))).isEqualTo(Verdict.NOT_OBSERVABLE);
        assertThat(judge(false, outcome("Retry", List.of("Q-3"), "documented",
                new UnsupportedSetting("reference", "maximum retries 2"), false))).isEqualTo(Verdict.FAIL);
        assertThat(judge(true, outcome("Equal priorities take turns", List.of("SEL-2"), "documented", null, false)))
                .isEqualTo(Verdict.STALE_EXPECTED_FAIL);
    }

    @Test
    void theExplanationCitesTheLedgerLineAndWhatWasNotObservable() {
        String why = new VerdictPolicy(true, ledger).judge(outcome("Equal priorities take turns", List.of("SEL-2"),
                "documented", new AssertionError("mx-b received 0 messages"), false)).explanation();
        assertThat(why).contains("relay-ledger.yaml:3", "No round robin among equal priorities.",
                "mx-b received 0 messages", "Delivery start DCID");
    }

    private static ScenarioResult result(String name, List<String> rules, Verdict verdict) {
        return new ScenarioResult("f", "file:///f.feature", name, 1, rules, "reference-defined", verdict, "", null,
                null, List.of(), null);
    }

    @Test
    void aRuleEntryUnderWhichNothingFailsAnyMoreIsStaleAndCiFails() {
        List<String> warnings = new ArrayList<>();
        List<ScenarioResult> after = new VerdictPolicy(true, ledger).staleRules(List.of(
                result("Recovered primary", List.of("SEL-6"), Verdict.PASS),
                result("Other", List.of("FO-1"), Verdict.PASS)), warnings);
        assertThat(after).extracting(ScenarioResult::verdict).containsExactly(Verdict.STALE_EXPECTED_FAIL, Verdict.PASS);
        assertThat(after.get(0).failureMessage()).contains("relay-ledger.yaml:5", "rule SEL-6");
        assertThat(warnings).singleElement().asString().contains("relay-ledger.yaml:3").contains("matches no scenario");
        assertThat(ExitCode.of(new RunResult("relay", Instant.now(), Instant.now(), after)))
                .isEqualTo(ExitCode.UNEXPECTED);
    }

    @Test
    void aRuleEntryStillFailingSomewhereIsNotStale() {
        List<ScenarioResult> after = new VerdictPolicy(true, ledger).staleRules(List.of(
                result("Recovered primary", List.of("SEL-6"), Verdict.PASS),
                result("Skipped host", List.of("SEL-6"), Verdict.EXPECTED_FAIL)), new ArrayList<>());
        assertThat(after).extracting(ScenarioResult::verdict).containsExactly(Verdict.PASS, Verdict.EXPECTED_FAIL);
        assertThat(ExitCode.of(new RunResult("relay", Instant.now(), Instant.now(), after)))
                .isEqualTo(ExitCode.EXPECTED);
    }

    @Test
    void aBrokenLedgerNamesFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad-ledger.yaml"), """
                target: relay
                expected:
                  - scenario: "A"
                    reason: "fine"
                  - rule: SEL-2
                    scenario: "B"
                    reason: "both"
                """);
        assertThatThrownBy(() -> ExpectedResultsLedger.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-ledger.yaml:5").hasMessageContaining("exactly one of 'scenario'");
        Path noReason = Files.writeString(dir.resolve("no-reason.yaml"), "expected:\n  - rule: SEL-2\n    reason: \" \"\n");
        assertThatThrownBy(() -> ExpectedResultsLedger.read(noReason)).hasMessageContaining("no-reason.yaml:3")
                .hasMessageContaining("needs its reason");
    }
}
