package dev.esakit.report;

import dev.esakit.report.html.HtmlReport;
import dev.esakit.report.json.MatrixDocument;
import dev.esakit.report.json.ReportJson;
import dev.esakit.report.matrix.RuleMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges runs against different targets (each CI job runs one) into one rules × targets matrix:
 * {@code report.html} with every run's scenarios and evidence, and {@code matrix.json}.
 */
public final class ReportMerger {
    public static final String MATRIX_JSON = "matrix.json";

    private ReportMerger() {
    }

    /**
     * @param runDirs run directories (or their report.json files), in the column order wanted
     * @param rules   the rule catalog (may be empty)
     * @param outDir  created if missing
     * @throws IllegalArgumentException when no run is given or two runs name the same target
     * @throws ReportFormatException    when a run cannot be read, naming its file
     */
    public static void merge(List<Path> runDirs, List<Rule> rules, Path outDir) throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give at least one run directory");
        }
        List<RunResult> runs = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path dir : runDirs) {
            RunResult run = ReportReader.read(dir);
            Path earlier = seen.putIfAbsent(run.target(), dir);
            if (earlier != null) {
                // Two columns with one name would be unreadable, and which one "wins" would be arbitrary.
                throw new IllegalArgumentException("target \"" + run.target() + "\" appears in both " + earlier
                        + " and " + dir + "; merge one run per target");
            }
            runs.add(run);
        }
        RuleMatrix matrix = RuleMatrix.of(runs, rules);
        Instant now = Instant.now();
        ReportJson.write(MatrixDocument.of(matrix, runDirs, now), outDir.resolve(MATRIX_JSON));
        HtmlReport.write(matrix, now, outDir.resolve(ReportWriter.HTML));
    }
}
