package dev.esakit.report.matrix;

import dev.esakit.report.Rule;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules × targets: for each rule of the catalog (and any rule a scenario names that the catalog lacks),
 * the folded verdict of each run. Targets are the runs' targets in the order given.
 */
public final class RuleMatrix {
    /** Most severe first: a cell shows the first of these that any of its scenarios got. */
    public static final List<Verdict> SEVERITY = List.of(Verdict.FAIL, Verdict.STALE_EXPECTED_FAIL,
            Verdict.EXPECTED_FAIL, Verdict.INFORMATIONAL, Verdict.PASS, Verdict.NOT_OBSERVABLE, Verdict.SKIPPED);

    private final List<Rule> rows;
    private final List<RunResult> runs;
    private final List<Map<String, MatrixCell>> cellsByRun;

    private RuleMatrix(List<Rule> rows, List<RunResult> runs, List<Map<String, MatrixCell>> cellsByRun) {
        this.rows = rows;
        this.runs = runs;
        this.cellsByRun = cellsByRun;
    }

    public static RuleMatrix of(List<RunResult> runs, List<Rule> catalog) {
        Map<String, Rule> rows = new LinkedHashMap<>();
        for (Rule r : catalog) {
            rows.putIfAbsent(r.id(), r);
        }
        // A scenario may name a rule the catalog passed in lacks (an older catalog, a typo in a tag):
        // keep it visible as its own row rather than dropping its verdicts.
        for (RunResult run : runs) {
            for (ScenarioResult s : run.scenarios()) {
                for (String id : s.ruleIds()) {
                    rows.putIfAbsent(id, new Rule(id, s.level(), "Not in the rule catalog", ""));
                }
            }
        }
        List<Map<String, MatrixCell>> cellsByRun = new ArrayList<>();
        for (RunResult run : runs) {
            cellsByRun.add(cellsOf(run, rows.keySet()));
        }
        return new RuleMatrix(List.copyOf(rows.values()), List.copyOf(runs), cellsByRun);
    }

    private static Map<String, MatrixCell> cellsOf(RunResult run, Iterable<String> ruleIds) {
        Map<String, List<Integer>> scenariosByRule = new LinkedHashMap<>();
        List<ScenarioResult> scenarios = run.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            for (String id : scenarios.get(i).ruleIds()) {
                List<Integer> indexes = scenariosByRule.computeIfAbsent(id, k -> new ArrayList<>());
                if (indexes.isEmpty() || indexes.get(indexes.size() - 1) != i) {
                    indexes.add(i);
                }
            }
        }
        Map<String, MatrixCell> cells = new LinkedHashMap<>();
        for (String id : ruleIds) {
            List<Integer> indexes = scenariosByRule.getOrDefault(id, List.of());
            EnumMap<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            for (int i : indexes) {
                counts.merge(scenarios.get(i).verdict(), 1, Integer::sum);
            }
            Verdict folded = SEVERITY.stream().filter(counts::containsKey).findFirst().orElse(null);
            cells.put(id, new MatrixCell(folded, new VerdictCounts(counts), indexes));
        }
        return cells;
    }

    /** The rows: catalog rules in catalog order, then uncatalogued rule IDs in order of first use. */
    public List<Rule> rules() {
        return rows;
    }

    public List<RunResult> runs() {
        return runs;
    }

    public MatrixCell cell(String ruleId, int runIndex) {
        MatrixCell cell = cellsByRun.get(runIndex).get(ruleId);
        if (cell == null) {
            throw new IllegalArgumentException("no rule " + ruleId + " in the matrix");
        }
        return cell;
    }

    /** Compliance of one run per level, levels in order of first appearance among the rows. */
    public List<LevelCompliance> compliance(int runIndex) {
        Map<String, int[]> byLevel = new LinkedHashMap<>();
        byLevel.put(Rule.DOCUMENTED, new int[5]);
        byLevel.put(Rule.REFERENCE_DEFINED, new int[5]);
        for (Rule rule : rows) {
            String level = rule.level().isEmpty() ? "unspecified" : rule.level();
            int[] tally = byLevel.computeIfAbsent(level, k -> new int[5]);
            tally[0]++;
            switch (cell(rule.id(), runIndex).conformance()) {
                case CONFORMS -> tally[1]++;
                case DEVIATES -> tally[2]++;
                case NOT_JUDGED -> tally[3]++;
                case NOT_COVERED -> tally[4]++;
            }
        }
        List<LevelCompliance> result = new ArrayList<>();
        byLevel.forEach((level, t) -> {
            if (t[0] > 0) {
                result.add(new LevelCompliance(level, t[0], t[1], t[2], t[3], t[4]));
            }
        });
        return result;
    }
}
