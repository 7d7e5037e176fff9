package dev.esakit.report.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;
import dev.esakit.report.matrix.VerdictCounts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: one run against one target, as reports/SCHEMA.md documents it. The fields of
 * {@link RunResult} plus the schema version, the document kind and a derived summary for CI scripts
 * (readers recompute the summary rather than trust it).
 */
@JsonPropertyOrder({"schemaVersion", "kind", "target", "started", "finished", "summary", "scenarios"})
public record RunDocument(int schemaVersion, String kind, String target, Instant started, Instant finished,
                          Summary summary, List<ScenarioResult> scenarios) {
    public static final String KIND = "run";

    public static RunDocument of(RunResult run) {
        return new RunDocument(ReportJson.SCHEMA_VERSION, KIND, run.target(), run.started(), run.finished(),
                Summary.of(VerdictCounts.of(run.scenarios())), run.scenarios());
    }

    /**
     * @param total      scenarios in the run
     * @param verdicts   scenarios per verdict; every verdict is present
     * @param unexpected scenarios whose verdict is not expected (FAIL, STALE_EXPECTED_FAIL): CI fails when above 0
     */
    @JsonPropertyOrder({"total", "verdicts", "unexpected"})
    public record Summary(int total, Map<Verdict, Integer> verdicts, int unexpected) {
        public static Summary of(VerdictCounts counts) {
            return new Summary(counts.total(), counts.byVerdict(), counts.unexpected());
        }
    }
}
