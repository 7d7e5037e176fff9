package dev.esakit.report.html;

import dev.esakit.report.LogEvidence;
import dev.esakit.report.Rule;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.TranscriptEntry;
import dev.esakit.report.TranscriptView;
import dev.esakit.report.Verdict;
import dev.esakit.report.matrix.LevelCompliance;
import dev.esakit.report.matrix.MatrixCell;
import dev.esakit.report.matrix.RuleMatrix;
import dev.esakit.report.matrix.VerdictCounts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the HTML template shows, already formatted: the template only lays it out. Built from a
 * {@link RuleMatrix} so that a single run and a merged matrix are the same page with one or many targets.
 */
record ReportPage(String title, String subtitle, String generated, boolean allExpected, String statusText,
                  List<TargetSummary> targets, List<VerdictLegend> legend, List<String> matrixTargets,
                  List<Area> areas, List<UnexpectedLink> unexpected, List<TargetScenarios> scenarioSections) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern GHERKIN_KEYWORD = Pattern.compile(
            "^(\\s*)(Given|When|Then|And|But|\\*|Scenario Outline:|Scenario:|Example:|Examples:|Background:)(.*)$");

    record Count(String cssClass, String label, int n) {
    }

    record LevelView(String level, String percent, int percentWidth, boolean judged, String detail) {
    }

    record TargetSummary(String name, String anchor, String started, String duration, int total,
                         List<Count> counts, int unexpected, boolean allExpected, List<LevelView> compliance) {
    }

    record VerdictLegend(String cssClass, String label, String meaning) {
    }

    record Cell(boolean covered, String cssClass, String label, String detail, String href) {
    }

    record Row(String id, String level, String statementHtml, List<Cell> cells) {
    }

    record Area(String name, int span, List<Row> rows) {
    }

    record UnexpectedLink(String target, String cssClass, String label, String name, String href) {
    }

    record RuleRef(String id, String level, String statementHtml) {
    }

    record GherkinLine(String indent, String keyword, String rest) {
    }

    record ExpectedLine(int n, String text, String state, String mark, boolean mismatch) {
    }

    record ActualLine(int n, String text) {
    }

    record Log(List<ExpectedLine> expected, List<ActualLine> actual, boolean matched, String verdictText,
               boolean noActual) {
    }

    record TranscriptLine(String offset, String at, String direction, String cssClass, String text) {
    }

    record Transcript(String host, String address, int connection, String outcomeClass, String outcomeLabel,
                      boolean empty, List<TranscriptLine> lines) {
    }

    record Scenario(String anchor, String name, String location, String cssClass, String label, boolean open,
                    boolean unexpected, String ruleIds, List<RuleRef> rules, String level, String duration,
                    String failureMessage, List<GherkinLine> gherkin, Log log, Timeline timeline,
                    List<Transcript> transcripts, boolean hasTranscripts) {
    }

    record Feature(String name, String uri, List<Scenario> scenarios) {
    }

    record TargetScenarios(String target, String anchor, List<Feature> features) {
    }

    static ReportPage of(RuleMatrix matrix, Instant generated) {
        List<RunResult> runs = matrix.runs();
        Map<String, Rule> rulesById = new LinkedHashMap<>();
        matrix.rules().forEach(r -> rulesById.put(r.id(), r));

        List<TargetSummary> targets = new ArrayList<>();
        List<UnexpectedLink> unexpected = new ArrayList<>();
        List<TargetScenarios> sections = new ArrayList<>();
        int unexpectedTotal = 0;
        int scenarioTotal = 0;
        for (int t = 0; t < runs.size(); t++) {
            RunResult run = runs.get(t);
            VerdictCounts counts = VerdictCounts.of(run.scenarios());
            unexpectedTotal += counts.unexpected();
            scenarioTotal += counts.total();
            List<Count> countViews = new ArrayList<>();
            for (Verdict v : RuleMatrix.SEVERITY) {
                if (counts.get(v) > 0) {
                    countViews.add(new Count(cssClass(v), v.label(), counts.get(v)));
                }
            }
            List<LevelView> compliance = matrix.compliance(t).stream().map(ReportPage::levelView).toList();
            targets.add(new TargetSummary(run.target(), targetAnchor(t), TIME.format(run.started()),
                    duration(Duration.between(run.started(), run.finished())), counts.total(), countViews,
                    counts.unexpected(), counts.unexpected() == 0, compliance));
            List<ScenarioResult> scenarios = run.scenarios();
            for (int s = 0; s < scenarios.size(); s++) {
                ScenarioResult sc = scenarios.get(s);
                if (!sc.verdict().expected()) {
                    unexpected.add(new UnexpectedLink(run.target(), cssClass(sc.verdict()), sc.verdict().label(),
                            sc.feature() + " › " + sc.scenario(), "#" + scenarioAnchor(t, s)));
                }
            }
            sections.add(new TargetScenarios(run.target(), targetAnchor(t), features(run, t, rulesById)));
        }

        List<Area> areas = new ArrayList<>();
        Map<String, List<Row>> rowsByArea = new LinkedHashMap<>();
        for (Rule rule : matrix.rules()) {
            List<Cell> cells = new ArrayList<>();
            for (int t = 0; t < runs.size(); t++) {
                cells.add(cell(matrix.cell(rule.id(), t), t, runs.get(t).scenarios()));
            }
            rowsByArea.computeIfAbsent(rule.area().isEmpty() ? "Rules" : rule.area(), a -> new ArrayList<>())
                    .add(new Row(rule.id(), rule.level(), statementHtml(rule.statement()), cells));
        }
        rowsByArea.forEach((area, rows) -> areas.add(new Area(area, runs.size() + 3, rows)));

        List<VerdictLegend> legend = List.of(
                new VerdictLegend(cssClass(Verdict.PASS), Verdict.PASS.label(), "the target behaves as the rule says"),
                new VerdictLegend(cssClass(Verdict.FAIL), Verdict.FAIL.label(), "it differs from a rule, unexpectedly"),
                new VerdictLegend(cssClass(Verdict.STALE_EXPECTED_FAIL), Verdict.STALE_EXPECTED_FAIL.label(),
                        "the ledger expects a failure but it passed: update the ledger"),
                new VerdictLegend(cssClass(Verdict.EXPECTED_FAIL), Verdict.EXPECTED_FAIL.label(),
                        "a known deviation, explained in the target's ledger"),
                new VerdictLegend(cssClass(Verdict.INFORMATIONAL), Verdict.INFORMATIONAL.label(),
                        "differs from a reference-defined rule (the documentation is silent)"),
                new VerdictLegend(cssClass(Verdict.NOT_OBSERVABLE), Verdict.NOT_OBSERVABLE.label(),
                        "the target's log cannot show it"),
                new VerdictLegend(cssClass(Verdict.SKIPPED), Verdict.SKIPPED.label(), "not run"));

        boolean single = runs.size() == 1;
        String title = single ? "ESA conformance report: " + runs.get(0).target()
                : "ESA conformance matrix: " + String.join(" · ", runs.stream().map(RunResult::target).toList());
        String subtitle = single
                ? "Run of " + TIME.format(runs.get(0).started()) + ", " + plural(scenarioTotal, "scenario")
                : runs.size() + " targets, " + plural(scenarioTotal, "scenario") + ", "
                  + plural(matrix.rules().size(), "rule");
        String status = unexpectedTotal == 0
                ? "Every verdict is as expected (" + plural(scenarioTotal, "scenario") + ")"
                : plural(unexpectedTotal, "unexpected verdict") + " of " + plural(scenarioTotal, "scenario");
        return new ReportPage(title, subtitle, TIME.format(generated), unexpectedTotal == 0, status, targets, legend,
                runs.stream().map(RunResult::target).toList(), areas, unexpected, sections);
    }

    private static List<Feature> features(RunResult run, int t, Map<String, Rule> rulesById) {
        Map<String, List<Scenario>> byFeature = new LinkedHashMap<>();
        Map<String, String> uris = new LinkedHashMap<>();
        List<ScenarioResult> scenarios = run.scenarios();
        for (int s = 0; s < scenarios.size(); s++) {
            ScenarioResult sc = scenarios.get(s);
            uris.putIfAbsent(sc.feature(), sc.featureUri());
            byFeature.computeIfAbsent(sc.feature(), f -> new ArrayList<>()).add(scenario(sc, t, s, rulesById));
        }
        List<Feature> features = new ArrayList<>();
        byFeature.forEach((name, list) -> features.add(new Feature(name, uris.get(name), list)));
        return features;
    }

    private static Scenario scenario(ScenarioResult sc, int t, int s, Map<String, Rule> rulesById) {
        String anchor = scenarioAnchor(t, s);
        List<RuleRef> rules = sc.ruleIds().stream().map(id -> {
            Rule r = rulesById.get(id);
            return new RuleRef(id, r == null ? sc.level() : r.level(), statementHtml(r == null ? "" : r.statement()));
        }).toList();
        Instant origin = sc.transcripts().stream().filter(c -> !c.lines().isEmpty())
                .map(c -> c.lines().get(0).at()).min(Comparator.naturalOrder()).orElse(null);
        List<Transcript> transcripts = sc.transcripts().stream().map(c -> transcript(c, origin)).toList();
        String location = sc.featureUri().isEmpty() ? "" : sc.featureUri() + (sc.line() > 0 ? ":" + sc.line() : "");
        boolean unexpected = !sc.verdict().expected();
        return new Scenario(anchor, sc.scenario(), location, cssClass(sc.verdict()), sc.verdict().label(),
                unexpected || sc.verdict() == Verdict.FAIL, unexpected, String.join(" ", sc.ruleIds()), rules,
                sc.level(), duration(sc.duration()), sc.failureMessage(), gherkin(sc.gherkin()),
                sc.log() == null ? null : log(sc.log()),
                origin == null ? null : Timeline.of(sc.transcripts(), origin), transcripts, !transcripts.isEmpty());
    }

    private static Log log(LogEvidence evidence) {
        List<ExpectedLine> expected = new ArrayList<>();
        int mismatch = evidence.firstMismatchExpectedIndex();
        for (int i = 0; i < evidence.expected().size(); i++) {
            String text = evidence.expected().get(i);
            if (mismatch < 0 || i < mismatch) {
                expected.add(new ExpectedLine(i + 1, text, "found", "✓", false));
            } else if (i == mismatch) {
                expected.add(new ExpectedLine(i + 1, text, "mismatch", "✗", true));
            } else {
                expected.add(new ExpectedLine(i + 1, text, "not-reached", "·", false));
            }
        }
        List<ActualLine> actual = new ArrayList<>();
        for (int i = 0; i < evidence.actual().size(); i++) {
            actual.add(new ActualLine(i + 1, evidence.actual().get(i)));
        }
        String verdictText = evidence.matched()
                ? "All " + expected.size() + " expected lines were found in order."
                : "Expected line " + (mismatch + 1) + " of " + expected.size() + " was not found"
                  + (mismatch > 0 ? " after the " + mismatch + " before it matched" : "") + ".";
        return new Log(expected, actual, evidence.matched(), verdictText, actual.isEmpty());
    }

    private static Transcript transcript(TranscriptView c, Instant origin) {
        ConnectionOutcome outcome = ConnectionOutcome.of(c);
        List<TranscriptLine> lines = new ArrayList<>();
        for (TranscriptEntry e : c.lines()) {
            lines.add(new TranscriptLine(Timeline.offset(origin, e.at()), e.at().toString(), e.direction(),
                    e.fromServer() ? "srv" : "cli", e.text()));
        }
        return new Transcript(c.host(), c.address(), c.connection(), outcome.cssClass(), outcome.label(),
                lines.isEmpty(), lines);
    }

    private static List<GherkinLine> gherkin(String text) {
        List<GherkinLine> lines = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            Matcher m = GHERKIN_KEYWORD.matcher(line);
            lines.add(m.matches() ? new GherkinLine(m.group(1), m.group(2), m.group(3))
                    : new GherkinLine("", "", line));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).rest().isBlank()
                && lines.get(lines.size() - 1).keyword().isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Cell cell(MatrixCell cell, int t, List<ScenarioResult> scenarios) {
        if (!cell.covered()) {
            return new Cell(false, "v-none", "not covered", "no scenario of this run checks the rule", null);
        }
        List<String> parts = new ArrayList<>();
        cell.counts().byVerdict().forEach((v, n) -> {
            if (n > 0) {
                parts.add(n + " " + v.label());
            }
        });
        // Link to the scenario that decided the cell's verdict: the first with the folded (most severe) one.
        int decisive = cell.scenarios().stream().filter(i -> scenarios.get(i).verdict() == cell.verdict())
                .findFirst().orElse(cell.scenarios().get(0));
        return new Cell(true, cssClass(cell.verdict()), cell.verdict().label(),
                cell.scenarios().size() + (cell.scenarios().size() == 1 ? " scenario: " : " scenarios: ")
                        + String.join(", ", parts), "#" + scenarioAnchor(t, decisive));
    }

    private static LevelView levelView(LevelCompliance c) {
        int judged = c.conforming() + c.deviating();
        StringBuilder detail = new StringBuilder();
        if (judged == 0) {
            detail.append("no rule judged");
        } else {
            detail.append(c.conforming()).append(" of ").append(judged).append(" judged rules conform");
        }
        if (c.notJudged() > 0) {
            detail.append(", ").append(c.notJudged()).append(" not observable");
        }
        if (c.notCovered() > 0) {
            detail.append(", ").append(c.notCovered()).append(" not covered");
        }
        return new LevelView(c.level(), c.percent() < 0 ? "n/a" : c.percent() + "%", Math.max(c.percent(), 0),
                c.percent() >= 0, detail.toString());
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String cssClass(Verdict v) {
        return "v-" + v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String targetAnchor(int t) {
        return "target-" + (t + 1);
    }

    static String scenarioAnchor(int t, int s) {
        return "t" + (t + 1) + "-s" + (s + 1);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    /**
     * The catalog writes statements in Markdown: keep the inline code and bold that make them readable,
     * escaping everything else (the statement is text from a file, not trusted markup).
     */
    static String statementHtml(String statement) {
        String escaped = escape(statement);
        escaped = escaped.replaceAll("`([^`]+)`", "<code>$1</code>");
        return escaped.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
