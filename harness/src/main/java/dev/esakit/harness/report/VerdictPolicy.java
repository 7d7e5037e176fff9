package dev.esakit.harness.report;

import dev.esakit.harness.target.NotObservableException;
import dev.esakit.harness.target.UnsupportedSetting;
import dev.esakit.harness.target.external.ExpectedResultsLedger;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a scenario's verdict against a target. For the reference engine: PASS or FAIL. For a third-party
 * target also:
 * <ul>
 *   <li>NOT OBSERVABLE: the scenario passed every check it could make, but a log step could judge none of its
 *       lines, or a step asked for what the target cannot show ({@link NotObservableException}) or set
 *       ({@link UnsupportedSetting});</li>
 *   <li>EXPECTED FAIL: it failed and the target's ledger lists it (by name or by rule) with a reason;</li>
 *   <li>INFORMATIONAL: it failed, is not in the ledger, and checks a reference-defined rule (ESA-PROFILE:
 *       a target that does differently is reported, not failed);</li>
 *   <li>STALE EXPECTED FAIL: it passed although the ledger lists it by name, or every scenario of a rule the
 *       ledger lists passed: the ledger is out of date.</li>
 * </ul>
 */
public final class VerdictPolicy {
    private final boolean thirdParty;
    private final ExpectedResultsLedger ledger;

    /** What the scenario was and how it ended, before judging. */
    public record Outcome(String scenario, List<String> ruleIds, String level, boolean passed, boolean skipped,
                          Throwable error, boolean logJudgedNothing, List<String> notObservable, List<String> notes) {
    }

    /** A verdict with its explanation for the report (null when there is nothing to explain). */
    public record Judgement(Verdict verdict, String explanation) {
    }

    /**
     * @param thirdParty whether the target is someone else's relay (not the reference engine)
     * @param ledger     its expected-results ledger, or null
     */
    public VerdictPolicy(boolean thirdParty, ExpectedResultsLedger ledger) {
        this.thirdParty = thirdParty;
        this.ledger = ledger;
    }

    public Judgement judge(Outcome o) {
        List<String> why = new ArrayList<>();
        String failure = o.error() == null ? null : o.error().getMessage();
        if (o.skipped()) {
            return new Judgement(Verdict.SKIPPED, failure);
        }
        Verdict base;
        if (o.passed()) {
            base = o.logJudgedNothing() ? Verdict.NOT_OBSERVABLE : Verdict.PASS;
        } else if (o.error() instanceof NotObservableException
                || (thirdParty && o.error() instanceof UnsupportedSetting)) {
            // A relay that cannot be given the scenario's setting cannot show the behaviour it is about.
            base = Verdict.NOT_OBSERVABLE;
        } else {
            base = Verdict.FAIL;
        }
        if (!thirdParty) {
            return new Judgement(base, failure);
        }
        Optional<ExpectedResultsLedger.Entry> entry = ledger == null ? Optional.empty()
                : ledger.find(o.scenario(), o.ruleIds());
        Verdict verdict = base;
        if (base == Verdict.FAIL && entry.isPresent()) {
            verdict = Verdict.EXPECTED_FAIL;
            why.add("Expected by the ledger (" + entry.get().where() + ", " + entry.get().describe() + "): "
                    + entry.get().reason());
        } else if (base == Verdict.FAIL && "reference-defined".equals(o.level())) {
            verdict = Verdict.INFORMATIONAL;
            why.add("A reference-defined rule: the target does it differently, which is reported, not failed.");
        } else if (base == Verdict.PASS && entry.isPresent() && entry.get().scenario() != null) {
            verdict = Verdict.STALE_EXPECTED_FAIL;
            why.add("Stale ledger entry (" + entry.get().where() + "): the scenario now passes; remove the entry."
                    + " Its reason was: " + entry.get().reason());
        } else if (base == Verdict.NOT_OBSERVABLE) {
            why.add(o.passed() ? "Every check that could be made passed, but the target's log shows none of the"
                    + " expected lines." : "Not observable on this target.");
        }
        if (failure != null) {
            why.add(failure);
        }
        if (!o.notObservable().isEmpty()) {
            // Also on a PASS: it passed on what the log can show, and the report must say what that left out.
            why.add((verdict == Verdict.PASS ? "Passed on what the target's log can show. " : "")
                    + "Not observable in this target's log:\n  - " + String.join("\n  - ", o.notObservable()));
        }
        if (!o.notes().isEmpty()) {
            why.add("Approximated by the target's configuration:\n  - " + String.join("\n  - ", o.notes()));
        }
        return new Judgement(verdict, why.isEmpty() ? null : String.join("\n", why));
    }

    /**
     * After the run: a rule entry of the ledger under which no scenario failed is stale; its passing scenarios
     * say so. Returns the results with those verdicts changed, and reports entries that matched nothing.
     */
    public List<ScenarioResult> staleRules(List<ScenarioResult> results, List<String> warnings) {
        if (ledger == null || !thirdParty) {
            return results;
        }
        Set<ExpectedResultsLedger.Entry> stillFailing = new HashSet<>();
        Set<ExpectedResultsLedger.Entry> matched = new HashSet<>();
        for (ScenarioResult r : results) {
            for (ExpectedResultsLedger.Entry e : ledger.entries()) {
                if (e.covers(r.scenario(), r.ruleIds())) {
                    matched.add(e);
                    if (r.verdict() == Verdict.EXPECTED_FAIL || r.verdict() == Verdict.FAIL
                            || r.verdict() == Verdict.INFORMATIONAL || r.verdict() == Verdict.NOT_OBSERVABLE) {
                        stillFailing.add(e);
                    }
                }
            }
        }
        for (ExpectedResultsLedger.Entry e : ledger.entries()) {
            if (!matched.contains(e)) {
                warnings.add("ledger entry " + e.where() + " (" + e.describe() + ") matches no scenario of this run");
            }
        }
        List<ScenarioResult> out = new ArrayList<>();
        for (ScenarioResult r : results) {
            ExpectedResultsLedger.Entry stale = r.verdict() != Verdict.PASS ? null : ledger.entries().stream()
                    .filter(e -> e.rule() != null && e.covers(r.scenario(), r.ruleIds()) && !stillFailing.contains(e))
                    .findFirst().orElse(null);
            if (stale == null) {
                out.add(r);
            } else {
                out.add(new ScenarioResult(r.feature(), r.featureUri(), r.scenario(), r.line(), r.ruleIds(), r.level(),
                        Verdict.STALE_EXPECTED_FAIL, r.gherkin(), "Stale ledger entry (" + stale.where() + ", "
                        + stale.describe() + "): no scenario of this rule fails any more; remove the entry. Its"
                        + " reason was: " + stale.reason(), r.log(), r.transcripts(), r.duration()));
            }
        }
        return out;
    }
}
