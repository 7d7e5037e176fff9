package dev.esakit.report;

import dev.esakit.report.html.HtmlReport;
import dev.esakit.report.json.ReportJson;
import dev.esakit.report.json.RunDocument;
import dev.esakit.report.junit.JunitXml;
import dev.esakit.report.matrix.RuleMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes one run's reports: {@code report.html} for people, {@code report.json} and {@code junit.xml} for machines. */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String JUNIT = "junit.xml";

    private ReportWriter() {
    }

    /**
     * @param run    the run's results
     * @param rules  the rule catalog, for statements and levels beside the verdicts (may be empty)
     * @param outDir created if missing; the three files in it are replaced
     */
    public static void write(RunResult run, List<Rule> rules, Path outDir) throws IOException {
        ReportJson.write(RunDocument.of(run), outDir.resolve(JSON));
        JunitXml.write(run, outDir.resolve(JUNIT));
        HtmlReport.write(RuleMatrix.of(List.of(run), rules), Instant.now(), outDir.resolve(HTML));
    }
}
