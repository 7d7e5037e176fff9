package dev.esakit.report.matrix;

import dev.esakit.report.Rule;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleMatrixTest {
    private static final Instant T0 = Instant.parse("2025-03-14T09:15:07Z");
    private static final List<Rule> RULES = List.of(
            new Rule("FO-1", "documented", "FO", "a"),
            new Rule("FO-3", "reference-defined", "FO", "b"),
            new Rule("FO-4", "documented", "FO", "c"));

    private static ScenarioResult s(Verdict v, String... rules) {
        return new ScenarioResult("F", "", "S", 1, List.of(rules), "documented", v, "", null, null, List.of(),
                Duration.ZERO);
    }

    private static RunResult run(String target, ScenarioResult... scenarios) {
        return new RunResult(target, T0, T0, List.of(scenarios));
    }

    @Test
    void aCellShowsTheMostSevereVerdictOfItsScenarios() {
        RuleMatrix m = RuleMatrix.of(List.of(run("t",
                s(Verdict.PASS, "FO-1"), s(Verdict.NOT_OBSERVABLE, "FO-1"), s(Verdict.EXPECTED_FAIL, "FO-1", "FO-4"),
                s(Verdict.NOT_OBSERVABLE, "FO-3"), s(Verdict.SKIPPED, "FO-3"))), RULES);
        MatrixCell fo1 = m.cell("FO-1", 0);
        assertThat(fo1.verdict()).isEqualTo(Verdict.EXPECTED_FAIL);
        assertThat(fo1.scenarios()).containsExactly(0, 1, 2);
        assertThat(fo1.counts().get(Verdict.PASS)).isEqualTo(1);
        assertThat(fo1.conformance()).isEqualTo(MatrixCell.Conformance.DEVIATES);
        assertThat(m.cell("FO-3", 0).verdict()).isEqualTo(Verdict.NOT_OBSERVABLE);
        assertThat(m.cell("FO-3", 0).conformance()).isEqualTo(MatrixCell.Conformance.NOT_JUDGED);
    }

    @Test
    void severityPutsUnexpectedVerdictsFirst() {
        for (int i = 0; i < RuleMatrix.SEVERITY.size(); i++) {
            List<Verdict> lessSevere = RuleMatrix.SEVERITY.subList(i, RuleMatrix.SEVERITY.size());
            ScenarioResult[] scenarios = lessSevere.stream().map(v -> s(v, "FO-1")).toArray(ScenarioResult[]::new);
            assertThat(RuleMatrix.of(List.of(run("t", scenarios)), RULES).cell("FO-1", 0).verdict())
                    .isEqualTo(RuleMatrix.SEVERITY.get(i));
        }
        assertThat(RuleMatrix.SEVERITY).containsExactlyInAnyOrder(Verdict.values());
    }

    @Test
    void complianceCountsRulesPerLevel() {
        RuleMatrix m = RuleMatrix.of(List.of(
                run("a", s(Verdict.PASS, "FO-1"), s(Verdict.FAIL, "FO-4"), s(Verdict.INFORMATIONAL, "FO-3")),
                run("b", s(Verdict.STALE_EXPECTED_FAIL, "FO-1"))), RULES);
        assertThat(m.compliance(0)).containsExactly(
                new LevelCompliance("documented", 2, 1, 1, 0, 0),
                new LevelCompliance("reference-defined", 1, 0, 1, 0, 0));
        assertThat(m.compliance(0).get(0).percent()).isEqualTo(50);
        assertThat(m.compliance(0).get(1).percent()).isZero();
        assertThat(m.compliance(1)).containsExactly(
                new LevelCompliance("documented", 2, 1, 0, 0, 1),
                new LevelCompliance("reference-defined", 1, 0, 0, 0, 1));
        assertThat(m.compliance(1).get(0).percent()).isEqualTo(100);
        assertThat(m.compliance(1).get(1).percent()).isEqualTo(-1);
    }

    @Test
    void aRuleMissingFromTheCatalogGetsItsOwnRow() {
        RuleMatrix m = RuleMatrix.of(List.of(run("a", s(Verdict.PASS, "XX-9", "FO-1"))), RULES);
        assertThat(m.rules()).extracting(Rule::id).containsExactly("FO-1", "FO-3", "FO-4", "XX-9");
        assertThat(m.rules().get(3).area()).isEqualTo("Not in the rule catalog");
        assertThat(m.cell("XX-9", 0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(m.cell("FO-4", 0).covered()).isFalse();
    }
}
