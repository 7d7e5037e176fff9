package dev.esakit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Separate runs (one per CI job) merged into one rules × targets matrix. */
class ReportMergerTest {
    @TempDir
    Path dir;
    Path ref;
    Path postfix;

    @BeforeEach
    void writeRuns() throws Exception {
        ref = dir.resolve("runs/reference");
        postfix = dir.resolve("runs/postfix");
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, ref);
        ReportWriter.write(SampleRuns.postfix(), SampleRuns.RULES, postfix);
    }

    @Test
    void theMatrixJsonFoldsEachRulesScenariosPerTarget() throws Exception {
        Path out = dir.resolve("merged");
        ReportMerger.merge(List.of(ref, postfix), SampleRuns.RULES, out);
        JsonNode m = new ObjectMapper().readTree(out.resolve("matrix.json").toFile());
        assertThat(m.get("kind").asText()).isEqualTo("matrix");
        assertThat(m.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(m.at("/targets/0/target").asText()).isEqualTo("reference");
        assertThat(m.at("/targets/1/source").asText()).isEqualTo(postfix.toString());
        assertThat(m.get("runs")).hasSize(2);
        assertThat(m.at("/runs/1/scenarios")).hasSize(5);

        JsonNode sel2 = row(m, "SEL-2");
        assertThat(sel2.at("/statement").asText()).contains("per SMTP connection");
        assertThat(sel2.at("/cells/reference/verdict").asText()).isEqualTo("FAIL");
        assertThat(sel2.at("/cells/postfix/verdict").asText()).isEqualTo("EXPECTED_FAIL");
        assertThat(sel2.at("/cells/postfix/conformance").asText()).isEqualTo("DEVIATES");
        // FO-1 on postfix: the stale ledger entry passed, so the rule conforms though CI is red.
        JsonNode fo1 = row(m, "FO-1");
        assertThat(fo1.at("/cells/postfix/verdict").asText()).isEqualTo("STALE_EXPECTED_FAIL");
        assertThat(fo1.at("/cells/postfix/conformance").asText()).isEqualTo("CONFORMS");
        assertThat(fo1.at("/cells/postfix/scenarios/0").asInt()).isZero();
        assertThat(row(m, "LOG-1").at("/cells/reference/verdict").isNull()).isTrue();
        assertThat(row(m, "LOG-1").at("/cells/reference/conformance").asText()).isEqualTo("NOT_COVERED");
        assertThat(row(m, "Q-8").at("/cells/postfix/conformance").asText()).isEqualTo("NOT_JUDGED");

        // postfix, documented: FO-1 conforms; SEL-2 deviates; FO-10 not observable; SEL-3 conforms (same scenario as FO-1).
        JsonNode documented = m.at("/targets/1/compliance/0");
        assertThat(documented.get("level").asText()).isEqualTo("documented");
        assertThat(documented.get("conforming").asInt()).isEqualTo(2);
        assertThat(documented.get("deviating").asInt()).isEqualTo(1);
        assertThat(documented.get("notJudged").asInt()).isEqualTo(1);
        assertThat(documented.get("notCovered").asInt()).isEqualTo(1);
        assertThat(documented.get("percent").asInt()).isEqualTo(66);
        JsonNode referenceDefined = m.at("/targets/0/compliance/1");
        assertThat(referenceDefined.get("percent").isNull()).as("nothing judged on that level").isTrue();
    }

    private static JsonNode row(JsonNode matrix, String id) {
        for (JsonNode r : matrix.get("rules")) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no row " + id);
    }

    @Test
    void theMergedHtmlShowsTargetsSideBySideWithEveryScenario() throws Exception {
        Path out = dir.resolve("merged");
        ReportMerger.merge(List.of(ref, postfix), SampleRuns.RULES, out);
        Document html = Jsoup.parse(out.resolve("report.html").toFile());
        assertThat(html.select("table.matrix th.target-col").eachText()).containsExactly("reference", "postfix");
        assertThat(html.select("#rule-SEL-2 td.cell").eachText()).containsExactly("fail", "expected fail");
        assertThat(html.select("#rule-SEL-2 td.cell a").eachAttr("href")).containsExactly("#t1-s2", "#t2-s2");
        assertThat(html.select("details.scenario")).hasSize(7);
        assertThat(html.getElementById("t2-s1").attr("data-verdict")).isEqualTo("stale expected fail");
        assertThat(html.select("tr.target-row")).hasSize(2);
        assertThat(html.getElementById("status").text()).isEqualTo("✗ 2 unexpected verdicts of 7 scenarios");
    }

    @Test
    void aRuleTheCatalogLacksStillGetsARow() throws Exception {
        Path out = dir.resolve("merged");
        ReportMerger.merge(List.of(ref, postfix), List.of(), out);
        Document html = Jsoup.parse(out.resolve("report.html").toFile());
        assertThat(html.select("tr.rule-row").eachAttr("id"))
                .containsExactly("rule-FO-1", "rule-SEL-3", "rule-SEL-2", "rule-SEL-6", "rule-FO-10", "rule-Q-8");
        assertThat(html.select("tr.area th").eachText()).containsExactly("Not in the rule catalog");
    }

    @Test
    void twoRunsOfOneTargetAreRefused() {
        assertThatThrownBy(() -> ReportMerger.merge(List.of(ref, postfix, ref), SampleRuns.RULES, dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target \"reference\" appears in both " + ref + " and " + ref + "; merge one run per target");
        assertThat(Files.exists(dir.resolve("m"))).isFalse();
    }

    @Test
    void anUnreadableRunIsNamed() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("runs/broken"));
        Files.writeString(broken.resolve("report.json"), "{ not json");
        assertThatThrownBy(() -> ReportMerger.merge(List.of(ref, broken), SampleRuns.RULES, dir.resolve("m")))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith(broken.resolve("report.json") + ":1:");
        assertThatThrownBy(() -> ReportMerger.merge(List.of(), SampleRuns.RULES, dir.resolve("m")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
