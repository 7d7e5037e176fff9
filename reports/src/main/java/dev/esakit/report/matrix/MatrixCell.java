package dev.esakit.report.matrix;

import dev.esakit.report.Verdict;

import java.util.List;

/**
 * One rule on one target: the verdicts of the scenarios that check the rule, folded into one.
 *
 * @param verdict   the most severe verdict among the scenarios (see {@link RuleMatrix#SEVERITY});
 *                  null when no scenario of the run checks the rule
 * @param counts    how many of those scenarios got each verdict
 * @param scenarios indexes into the run's scenario list, in run order
 */
public record MatrixCell(Verdict verdict, VerdictCounts counts, List<Integer> scenarios) {
    public MatrixCell {
        scenarios = List.copyOf(scenarios);
    }

    public boolean covered() {
        return verdict != null;
    }

    /**
     * Whether the target conforms to the rule, independent of the expected-results ledger: it deviates when
     * any scenario failed (expectedly or not) or differed informationally; it conforms when the rest passed
     * (a stale expected failure passed too); otherwise nothing could be judged.
     */
    public Conformance conformance() {
        if (counts.get(Verdict.FAIL) + counts.get(Verdict.EXPECTED_FAIL) + counts.get(Verdict.INFORMATIONAL) > 0) {
            return Conformance.DEVIATES;
        }
        if (counts.get(Verdict.PASS) + counts.get(Verdict.STALE_EXPECTED_FAIL) > 0) {
            return Conformance.CONFORMS;
        }
        return verdict == null ? Conformance.NOT_COVERED : Conformance.NOT_JUDGED;
    }

    public enum Conformance { CONFORMS, DEVIATES, NOT_JUDGED, NOT_COVERED }
}
