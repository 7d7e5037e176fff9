package dev.esakit.report.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.esakit.report.Rule;
import dev.esakit.report.RunResult;
import dev.esakit.report.Verdict;
import dev.esakit.report.matrix.LevelCompliance;
import dev.esakit.report.matrix.MatrixCell;
import dev.esakit.report.matrix.RuleMatrix;
import dev.esakit.report.matrix.VerdictCounts;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code matrix.json}: several runs merged into rules × targets, as reports/SCHEMA.md documents it. */
@JsonPropertyOrder({"schemaVersion", "kind", "generated", "targets", "rules", "runs"})
public record MatrixDocument(int schemaVersion, String kind, Instant generated, List<Target> targets,
                             List<RuleRow> rules, List<RunDocument> runs) {
    public static final String KIND = "matrix";

    public static MatrixDocument of(RuleMatrix matrix, List<Path> sources, Instant generated) {
        List<RunResult> runs = matrix.runs();
        List<Target> targets = new ArrayList<>();
        List<RunDocument> runDocuments = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            List<Compliance> compliance = matrix.compliance(i).stream().map(Compliance::of).toList();
            targets.add(new Target(run.target(), sources.get(i).toString(), run.started(), run.finished(),
                    RunDocument.Summary.of(VerdictCounts.of(run.scenarios())), compliance));
            runDocuments.add(RunDocument.of(run));
        }
        List<RuleRow> rows = new ArrayList<>();
        for (Rule rule : matrix.rules()) {
            Map<String, Cell> cells = new LinkedHashMap<>();
            for (int i = 0; i < runs.size(); i++) {
                cells.put(runs.get(i).target(), Cell.of(matrix.cell(rule.id(), i)));
            }
            rows.add(new RuleRow(rule.id(), rule.level(), rule.area(), rule.statement(), cells));
        }
        return new MatrixDocument(ReportJson.SCHEMA_VERSION, KIND, generated, targets, rows, runDocuments);
    }

    /**
     * @param target     the target's name (unique within the matrix)
     * @param source     the run directory or file it was read from
     * @param compliance per level, as in the HTML summary
     */
    @JsonPropertyOrder({"target", "source", "started", "finished", "summary", "compliance"})
    public record Target(String target, String source, Instant started, Instant finished,
                         RunDocument.Summary summary, List<Compliance> compliance) {
    }

    /** @param percent conforming rules as a share of judged ones (0..100), null when none was judged */
    @JsonPropertyOrder({"level", "rules", "conforming", "deviating", "notJudged", "notCovered", "percent"})
    public record Compliance(String level, int rules, int conforming, int deviating, int notJudged,
                             int notCovered, Integer percent) {
        static Compliance of(LevelCompliance c) {
            return new Compliance(c.level(), c.rules(), c.conforming(), c.deviating(), c.notJudged(),
                    c.notCovered(), c.percent() < 0 ? null : c.percent());
        }
    }

    /** @param cells keyed by target name, in target order */
    @JsonPropertyOrder({"id", "level", "area", "statement", "cells"})
    public record RuleRow(String id, String level, String area, String statement, Map<String, Cell> cells) {
    }

    /**
     * @param verdict     the most severe verdict of the rule's scenarios on that target; null when none checks it
     * @param conformance CONFORMS, DEVIATES, NOT_JUDGED or NOT_COVERED
     * @param counts      scenarios per verdict, only verdicts that occur
     * @param scenarios   indexes into that target's {@code runs[].scenarios}
     */
    @JsonPropertyOrder({"verdict", "conformance", "counts", "scenarios"})
    public record Cell(Verdict verdict, MatrixCell.Conformance conformance, Map<Verdict, Integer> counts,
                       List<Integer> scenarios) {
        static Cell of(MatrixCell cell) {
            Map<Verdict, Integer> counts = new LinkedHashMap<>();
            cell.counts().byVerdict().forEach((v, n) -> {
                if (n > 0) {
                    counts.put(v, n);
                }
            });
            return new Cell(cell.verdict(), cell.conformance(), counts, cell.scenarios());
        }
    }
}
