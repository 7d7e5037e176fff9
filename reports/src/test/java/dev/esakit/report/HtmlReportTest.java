package dev.esakit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML's structure and safety, parsed without a browser (HtmlReportInBrowserTest renders it). */
class HtmlReportTest {
    @TempDir
    Path dir;

    private String write(RunResult run, List<Rule> rules) throws Exception {
        ReportWriter.write(run, rules, dir);
        return Files.readString(dir.resolve("report.html"));
    }

    @Test
    void theFileNeedsNoNetworkAndNoScript() throws Exception {
        String html = write(SampleRuns.postfix(), SampleRuns.RULES);
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script, link, img, iframe, object, embed")).isEmpty();
        assertThat(doc.select("[src]")).isEmpty();
        assertThat(doc.select("a[href]").eachAttr("href")).allSatisfy(h -> assertThat(h).startsWith("#"));
        assertThat(html).doesNotContain("url(").doesNotContain("@import");
        // Every in-page link lands on an element of the page.
        for (String href : doc.select("a[href]").eachAttr("href")) {
            assertThat(doc.getElementById(href.substring(1))).as("target of %s", href).isNotNull();
        }
    }

    @Test
    void textFromPeersAndFeaturesIsEscaped() throws Exception {
        String evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        ScenarioResult s = new ScenarioResult("F " + evil, "f.feature", "S " + evil, 3, List.of("FO-1"),
                "documented", Verdict.FAIL, "Given " + evil, "failed: " + evil,
                new LogEvidence(List.of(evil), List.of(evil), 0),
                List.of(new TranscriptView("mx-a", "127.0.0.1:25", 1,
                        List.of(new TranscriptEntry(SampleRuns.T0, "S", "421 " + evil)))), Duration.ofMillis(5));
        Rule rule = new Rule("FO-1", "documented", "FO", "statement `" + evil + "` **bold**");
        Document doc = Jsoup.parse(write(new RunResult("t " + evil, SampleRuns.T0, SampleRuns.T0, List.of(s)),
                List.of(rule)));
        assertThat(doc.select("script, img")).isEmpty();
        assertThat(doc.select(".transcript .x").text()).isEqualTo("421 " + evil);
        assertThat(doc.select("li.mismatch .txt").text()).isEqualTo(evil);
        assertThat(doc.select("#rule-FO-1 .statement code").text()).isEqualTo(evil);
        assertThat(doc.select("#rule-FO-1 .statement strong").text()).isEqualTo("bold");
        assertThat(doc.title()).isEqualTo("ESA conformance report: t " + evil);
    }

    @Test
    void eachScenarioShowsItsGherkinRulesAndTranscripts() throws Exception {
        Document doc = Jsoup.parse(write(SampleRuns.reference(), SampleRuns.RULES));
        Element pass = doc.getElementById("t1-s1");
        assertThat(pass.hasAttr("open")).as("passing scenarios start folded").isFalse();
        assertThat(pass.select("pre.gherkin .kw").eachText()).startsWith("Scenario:", "Given", "And", "When", "Then");
        assertThat(pass.select("pre.gherkin").text()).contains("mx-a greets with \"452-example.com ESMTP\\n452 Mail system full\"");
        assertThat(pass.select("table.rules .statement").eachText()).hasSize(2)
                .anySatisfy(t -> assertThat(t).startsWith("When a host fails, the same message goes to the next host"));
        assertThat(pass.select(".log-verdict").text()).isEqualTo("All 5 expected lines were found in order.");
        assertThat(pass.select(".transcript .tx-head").eachText()).containsExactly(
                "mx-a 127.0.0.10:2525 · connection #1 · last reply 452",
                "mx-b 127.0.0.11:2525 · connection #1 · last reply 250");
        assertThat(pass.select(".transcript").get(1).select("tr").first().text())
                .isEqualTo("+0.006 s S: 220 mx-b.test ESMTP");
        assertThat(pass.select("svg text.host").eachText()).containsExactly("mx-a", "mx-b");
        assertThat(pass.select(".sc-meta").text()).isEqualTo("features/failover.feature:12 · level documented");
    }

    @Test
    void aScenarioWithoutEvidenceStillRenders() throws Exception {
        Document doc = Jsoup.parse(write(SampleRuns.postfix(), SampleRuns.RULES));
        Element skipped = doc.getElementById("t1-s5");
        assertThat(skipped.attr("data-verdict")).isEqualTo("skipped");
        assertThat(skipped.select("figure.timeline, .logcmp, .transcript")).isEmpty();
        assertThat(skipped.select(".failure pre").text()).isEqualTo("the target profile cannot restart this relay");
        assertThat(doc.getElementById("status").text()).isEqualTo("✗ 1 unexpected verdict of 5 scenarios");
        assertThat(doc.select(".unexpected-link").eachAttr("href")).containsExactly("#t1-s1");
    }

    @Test
    void anEmptyRunStillMakesEveryFile() throws Exception {
        RunResult empty = new RunResult("reference", SampleRuns.T0, SampleRuns.T0, List.of());
        Document doc = Jsoup.parse(write(empty, SampleRuns.RULES));
        assertThat(doc.getElementById("status").text()).isEqualTo("✓ Every verdict is as expected (0 scenarios)");
        assertThat(doc.select("#rule-FO-1 td.cell").text()).isEqualTo("—");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("tests=\"0\"");
        assertThat(ReportReader.read(dir)).isEqualTo(empty);
    }

    @Test
    void aGreenRunSaysSo() throws Exception {
        RunResult run = new RunResult("reference", SampleRuns.T0, SampleRuns.T0.plusSeconds(1),
                List.of(SampleRuns.failoverPass()));
        Document doc = Jsoup.parse(write(run, SampleRuns.RULES));
        assertThat(doc.getElementById("status").text()).isEqualTo("✓ Every verdict is as expected (1 scenario)");
        assertThat(doc.select(".unexpected-link")).isEmpty();
        assertThat(doc.select("tr.target-row .ci").text()).isEqualTo("green");
        assertThat(doc.select("tr.target-row .level").first().text())
                .isEqualTo("documented 100% 2 of 2 judged rules conform, 3 not covered");
    }
}
