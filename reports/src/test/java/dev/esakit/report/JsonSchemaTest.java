package dev.esakit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** report.json and matrix.json against reports/SCHEMA.md: round trip, the documented example, every field documented. */
class JsonSchemaTest {
    private static final Path SCHEMA = Path.of(System.getProperty("basedir", ".")).resolve("SCHEMA.md");
    /** Objects whose keys are data (verdicts, target names), not schema fields. */
    private static final Set<String> MAPS = Set.of("verdicts", "counts", "cells");

    @TempDir
    Path dir;

    @Test
    void aWrittenRunReadsBackEqual() throws Exception {
        for (RunResult run : List.of(SampleRuns.reference(), SampleRuns.postfix())) {
            Path out = dir.resolve(run.target());
            ReportWriter.write(run, SampleRuns.RULES, out);
            assertThat(ReportReader.read(out)).isEqualTo(run);
            assertThat(ReportReader.read(out.resolve("report.json"))).isEqualTo(run);
        }
    }

    @Test
    void nanosecondTimesAndLongDurationsSurvive() throws Exception {
        Instant at = Instant.parse("2025-03-14T09:15:07.123456789Z");
        ScenarioResult s = new ScenarioResult("F", "", "S", 0, List.of(), "documented", Verdict.SKIPPED, "", null,
                null, List.of(new TranscriptView("mx-a", "127.0.0.1:25", 1, List.of(new TranscriptEntry(at, "C", "QUIT")))),
                Duration.ofMinutes(61).plusNanos(5));
        RunResult run = new RunResult("t", at, at.plusSeconds(3700), List.of(s));
        ReportWriter.write(run, List.of(), dir);
        assertThat(ReportReader.read(dir)).isEqualTo(run);
    }

    @Test
    void theRunDocumentCarriesVersionKindAndSummary() throws Exception {
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("kind").asText()).isEqualTo("run");
        assertThat(json.get("started").asText()).isEqualTo("2025-03-14T09:15:07.250Z");
        assertThat(json.at("/summary/total").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/verdicts/FAIL").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/verdicts/SKIPPED").asInt()).isZero();
        assertThat(json.at("/summary/unexpected").asInt()).isEqualTo(1);
        assertThat(json.at("/scenarios/1/log/firstMismatchExpectedIndex").asInt()).isEqualTo(2);
        assertThat(json.at("/scenarios/0/failureMessage").isNull()).as("null is written, not left out").isTrue();
        assertThat(json.at("/scenarios/0/duration").asText()).isEqualTo("PT0.084S");
    }

    @Test
    void theDocumentedExampleReads() throws Exception {
        Matcher m = Pattern.compile("### Example\\s+```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(SCHEMA));
        assertThat(m.find()).as("SCHEMA.md has an example").isTrue();
        Path example = Files.writeString(dir.resolve("example.json"), m.group(1));
        RunResult run = ReportReader.read(example);
        assertThat(run.target()).isEqualTo("reference");
        ScenarioResult s = run.scenarios().get(0);
        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(s.log().firstMismatchExpectedIndex()).isEqualTo(1);
        assertThat(s.transcripts().get(0).lines()).hasSize(3);
        assertThat(s.duration()).isEqualTo(Duration.ofMillis(131));
        assertThat(ExitCode.of(run)).isEqualTo(1);
    }

    @Test
    void everyFieldTheWritersEmitIsDocumented() throws Exception {
        Path ref = dir.resolve("ref");
        Path pf = dir.resolve("pf");
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, ref);
        ReportWriter.write(SampleRuns.postfix(), SampleRuns.RULES, pf);
        ReportMerger.merge(List.of(ref, pf), SampleRuns.RULES, dir.resolve("merged"));
        Set<String> fields = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        collectFields(mapper.readTree(ref.resolve("report.json").toFile()), fields);
        collectFields(mapper.readTree(dir.resolve("merged/matrix.json").toFile()), fields);
        assertThat(fields).contains("schemaVersion", "firstMismatchExpectedIndex", "conformance", "notCovered");
        String doc = Files.readString(SCHEMA);
        assertThat(fields).allSatisfy(f -> assertThat(doc).as("SCHEMA.md documents `%s`", f).contains("`" + f + "`"));
    }

    private static void collectFields(JsonNode node, Set<String> fields) {
        if (node.isArray()) {
            node.forEach(n -> collectFields(n, fields));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(e.getKey());
                if (MAPS.contains(e.getKey())) {
                    e.getValue().forEach(v -> collectFields(v, fields));
                } else {
                    collectFields(e.getValue(), fields);
                }
            }
        }
    }

    @Test
    void malformedJsonIsReportedWithFileLineAndColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("report.json"), "{\n  \"schemaVersion\": 1,\n  \"target\": \"x\" \"started\"\n}");
        assertThatThrownBy(() -> ReportReader.read(dir))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith(bad + ":3:")
                .satisfies(e -> assertThat(((ReportFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void aMissingVerdictNamesTheScenarioAndLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("r.json"), """
                {"schemaVersion": 1, "kind": "run", "target": "x",
                 "started": "2025-01-01T00:00:00Z", "finished": "2025-01-01T00:00:01Z",
                 "scenarios": [
                   {"feature": "F", "scenario": "S", "verdict": "PASS"},
                   {"feature": "F", "scenario": "S2"}
                 ]}
                """);
        assertThatThrownBy(() -> ReportReader.read(bad))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining(bad + ":5:")
                .hasMessageContaining("scenarios[1]")
                .hasMessageContaining("verdict is required");
    }

    @Test
    void anUnknownVerdictIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("r.json"), """
                {"schemaVersion": 1, "kind": "run", "target": "x",
                 "started": "2025-01-01T00:00:00Z", "finished": "2025-01-01T00:00:01Z",
                 "scenarios": [ {"feature": "F", "scenario": "S", "verdict": "MAYBE"} ]}
                """);
        assertThatThrownBy(() -> ReportReader.read(bad))
                .hasMessageContaining(bad + ":3:")
                .hasMessageContaining("scenarios[0].verdict")
                .hasMessageContaining("MAYBE");
    }

    @Test
    void anotherSchemaVersionIsRefusedPlainly() throws Exception {
        Path bad = Files.writeString(dir.resolve("r.json"), "{\"schemaVersion\": 2, \"kind\": \"run\"}");
        assertThatThrownBy(() -> ReportReader.read(bad))
                .hasMessage(bad + ": schemaVersion 2 is not supported; this reader understands 1");
        Path none = Files.writeString(dir.resolve("n.json"), "{\"target\": \"x\"}");
        assertThatThrownBy(() -> ReportReader.read(none)).hasMessageContaining("no integer \"schemaVersion\"");
    }

    @Test
    void aMatrixIsNotMistakenForARun() throws Exception {
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, dir.resolve("ref"));
        ReportMerger.merge(List.of(dir.resolve("ref")), SampleRuns.RULES, dir.resolve("m"));
        assertThatThrownBy(() -> ReportReader.read(dir.resolve("m/matrix.json")))
                .hasMessageContaining("merged matrix");
    }

    @Test
    void aDirectoryWithoutAReportSaysSo() {
        assertThatThrownBy(() -> ReportReader.read(dir))
                .isInstanceOf(ReportFormatException.class)
                .hasMessage(dir.resolve("report.json") + ": no report.json in this run directory");
    }
}
