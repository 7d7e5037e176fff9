package dev.esakit.harness.report;

import dev.esakit.harness.catalog.RuleCatalog;
import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.target.TargetFactory;
import dev.esakit.harness.target.external.ExpectedResultsLedger;
import dev.esakit.harness.target.external.TargetProfile;
import dev.esakit.report.ConsoleProgress;
import dev.esakit.report.LogEvidence;
import dev.esakit.report.ReportWriter;
import dev.esakit.report.Rule;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.DataTableArgument;
import io.cucumber.plugin.event.DocStringArgument;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.StepArgument;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestRunStarted;
import io.cucumber.plugin.event.TestSourceRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cucumber plugin that turns a run into the compliance report: one {@link ScenarioResult} per scenario,
 * with its rule IDs and level from the tags, its Gherkin, its log evidence and transcripts, written by the
 * reports module when the run ends. The plugin argument is the output directory.
 */
public final class ComplianceReportPlugin implements ConcurrentEventListener {
    private static final Pattern RULE_TAG = Pattern.compile("^@([A-Z]+-\\d+)$");
    private static final Pattern FEATURE_NAME = Pattern.compile("(?m)^\\s*Feature:\\s*(.+)$");
    private static volatile RunResult lastRun;

    private final Path outDir;
    private final ConsoleProgress progress = new ConsoleProgress(System.out, Boolean.getBoolean("esakit.quiet"));
    private final Map<URI, String> featureNames = new ConcurrentHashMap<>();
    private final List<ScenarioResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile VerdictPolicy policy;
    private Instant started;

    public ComplianceReportPlugin(String outDir) {
        this.outDir = Path.of(outDir);
    }

    /** The last run this JVM finished, for the CLI's exit code. */
    public static RunResult lastRun() {
        return lastRun;
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestRunStarted.class, e -> started = e.getInstant());
        publisher.registerHandlerFor(TestSourceRead.class, e -> {
            Matcher m = FEATURE_NAME.matcher(e.getSource());
            featureNames.put(e.getUri(), m.find() ? m.group(1).strip() : e.getUri().toString());
        });
        publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
        publisher.registerHandlerFor(TestRunFinished.class, this::runFinished);
    }

    private void scenarioFinished(TestCaseFinished event) {
        TestCase tc = event.getTestCase();
        List<String> ruleIds = new ArrayList<>();
        String level = "";
        for (String tag : tc.getTags()) {
            Matcher m = RULE_TAG.matcher(tag);
            if (m.matches()) {
                ruleIds.add(m.group(1));
            } else if (tag.equals("@documented") || tag.equals("@reference-defined")) {
                level = tag.substring(1);
            }
        }
        ScenarioEvidence evidence = ScenarioEvidence.take(ScenarioEvidence.key(tc.getUri().toString(),
                tc.getLocation().getLine()));
        Status status = event.getResult().getStatus();
        Throwable error = event.getResult().getError();
        if (error == null && status != Status.PASSED && status != Status.SKIPPED) {
            error = new AssertionError("step " + status); // undefined or pending: a defect of the catalog
        }
        VerdictPolicy.Judgement judgement = policy().judge(new VerdictPolicy.Outcome(tc.getName(), ruleIds, level,
                status == Status.PASSED, status == Status.SKIPPED, error,
                evidence != null && evidence.logJudgedNothing,
                evidence == null ? List.of() : List.copyOf(evidence.notObservable),
                evidence == null ? List.of() : List.copyOf(evidence.notes)));
        ScenarioResult result = new ScenarioResult(featureNames.getOrDefault(tc.getUri(), tc.getUri().toString()),
                tc.getUri().toString(), tc.getName(), tc.getLocation().getLine(), ruleIds, level, judgement.verdict(),
                gherkin(tc), judgement.explanation(),
                evidence == null ? null : logEvidence(evidence.logMatch),
                evidence == null ? List.of() : List.copyOf(evidence.transcripts), event.getResult().getDuration());
        results.add(result);
        progress.scenarioFinished(result);
    }

    /**
     * The verdict rules for this run's target: plain PASS/FAIL for the reference engine; for a third-party
     * target also its ledger (from its profile), INFORMATIONAL and NOT OBSERVABLE. Only a passed scenario
     * passes: an undefined or pending step is a defect of the catalog, not a skip.
     */
    private VerdictPolicy policy() {
        VerdictPolicy p = policy;
        if (p == null) {
            synchronized (this) {
                if (policy == null) {
                    TargetProfile profile = TargetFactory.profile();
                    policy = new VerdictPolicy(profile != null, profile == null || profile.ledger() == null ? null
                            : ExpectedResultsLedger.read(profile.ledger()));
                }
                p = policy;
            }
        }
        return p;
    }

    private static String gherkin(TestCase tc) {
        StringBuilder out = new StringBuilder("Scenario: ").append(tc.getName()).append('\n');
        tc.getTestSteps().stream().filter(s -> s instanceof PickleStepTestStep).map(s -> (PickleStepTestStep) s)
                .forEach(s -> {
                    out.append("  ").append(s.getStep().getKeyword()).append(s.getStep().getText()).append('\n');
                    StepArgument arg = s.getStep().getArgument();
                    if (arg instanceof DocStringArgument doc) {
                        out.append("    \"\"\"\n");
                        doc.getContent().lines().forEach(l -> out.append("    ").append(l).append('\n'));
                        out.append("    \"\"\"\n");
                    } else if (arg instanceof DataTableArgument table) {
                        table.cells().forEach(row -> out.append("    | ").append(String.join(" | ", row))
                                .append(" |\n"));
                    }
                });
        return out.toString();
    }

    private static LogEvidence logEvidence(LogMatch match) {
        return match == null ? null
                : new LogEvidence(match.expected(), match.actual(), match.matched() ? -1 : match.firstMismatch());
    }

    private void runFinished(TestRunFinished event) {
        List<ScenarioResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(ScenarioResult::featureUri).thenComparingInt(ScenarioResult::line));
        List<String> warnings = new ArrayList<>();
        sorted = policy().staleRules(sorted, warnings);
        warnings.forEach(w -> System.err.println("warning: " + w));
        RunResult run = new RunResult(TargetFactory.targetName(),
                started == null ? event.getInstant() : started, event.getInstant(), sorted);
        lastRun = run;
        progress.finished(run);
        try {
            ReportWriter.write(run, rules(sorted), outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + outDir, e);
        }
    }

    /** The rule catalog that sits at the root of the features directory, found from the features' location. */
    private static List<Rule> rules(List<ScenarioResult> results) {
        for (ScenarioResult r : results) {
            URI uri = URI.create(r.featureUri());
            if (!"file".equals(uri.getScheme())) {
                continue;
            }
            for (Path dir = Path.of(uri).getParent(); dir != null; dir = dir.getParent()) {
                Path rules = dir.resolve("rules.yaml");
                if (Files.isRegularFile(rules)) {
                    return RuleCatalog.load(rules).rules();
                }
            }
        }
        return List.of();
    }
}
