package dev.esakit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a generated report in headless Chromium from file://, as a person would, and checks what the
 * rendered page holds: the summary, and the failing scenario's evidence with its first mismatch marked.
 * The report and a screenshot stay in target/ for a look.
 */
class HtmlReportInBrowserTest {
    private static final Path BUILD = Path.of(System.getProperty("basedir", ".")).resolve("target");

    @Test
    void summaryAndFailingEvidenceShowInTheRenderedPage() throws Exception {
        HeadlessChromium.requireInstalled();
        Path out = BUILD.resolve("browser-report");
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, out);
        Path html = out.resolve(ReportWriter.HTML);

        Path png = BUILD.resolve("report-screenshot.png");
        Document dom = Jsoup.parse(HeadlessChromium.open(html, png, 1280, 2000));

        Element summary = dom.getElementById("summary");
        assertThat(summary).as("summary section").isNotNull();
        assertThat(dom.getElementById("status").text()).contains("1 unexpected verdict of 2 scenarios");
        Element target = summary.selectFirst("tr.target-row[data-target=reference]");
        assertThat(target).as("summary row of the target").isNotNull();
        assertThat(target.select(".badge[data-verdict=pass]").text()).isEqualTo("1 pass");
        assertThat(target.select(".badge[data-verdict=fail]").text()).isEqualTo("1 fail");
        assertThat(target.select(".level").eachText()).anySatisfy(t -> assertThat(t).startsWith("documented"));

        Element failing = dom.selectFirst("details.scenario[data-verdict=fail]");
        assertThat(failing).as("the failing scenario").isNotNull();
        assertThat(failing.hasAttr("open")).as("a failing scenario opens by itself").isTrue();
        assertThat(failing.select(".sc-name").text()).isEqualTo("Equal-priority hosts take turns per connection");
        Elements mismatch = failing.select("ol.expected li.mismatch");
        assertThat(mismatch).hasSize(1);
        assertThat(mismatch.first().text()).contains("New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.11 port 2525")
                .contains("first mismatch");
        assertThat(failing.select("ol.expected li.found")).hasSize(2);
        assertThat(failing.select(".failure").text()).contains("went to mx-a (127.0.0.10) again");
        assertThat(failing.select("ol.actual li")).hasSize(8);
        assertThat(failing.select(".transcript")).hasSize(2);
        assertThat(failing.select("figure.timeline svg rect.bar")).hasSize(2);

        Element passing = dom.selectFirst("details.scenario[data-verdict=pass]");
        assertThat(passing.select("ol.expected li.mismatch")).isEmpty();
        assertThat(passing.select("svg rect.bar.out-4xx")).as("mx-a's 452 greeting").hasSize(1);
        assertThat(passing.select("svg rect.bar.out-2xx")).as("delivery at mx-b").hasSize(1);

        Element matrixRow = dom.getElementById("rule-SEL-2");
        assertThat(matrixRow.select("td.statement").text()).contains("per SMTP connection, not per message");
        assertThat(matrixRow.select("td.cell a.badge").text()).isEqualTo("fail");

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2000);
        assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(50);
    }

    @Test
    void theMergedMatrixShowsBothTargetsAndEveryScenario() throws Exception {
        HeadlessChromium.requireInstalled();
        Path runs = BUILD.resolve("browser-runs");
        ReportWriter.write(SampleRuns.reference(), SampleRuns.RULES, runs.resolve("reference"));
        ReportWriter.write(SampleRuns.postfix(), SampleRuns.RULES, runs.resolve("postfix"));
        Path out = BUILD.resolve("browser-matrix");
        ReportMerger.merge(java.util.List.of(runs.resolve("reference"), runs.resolve("postfix")), SampleRuns.RULES, out);
        Path html = out.resolve(ReportWriter.HTML);

        Document dom = Jsoup.parse(HeadlessChromium.open(html, BUILD.resolve("matrix-screenshot.png"), 1280, 2000));

        assertThat(dom.select("table.matrix th.target-col").eachText()).containsExactly("reference", "postfix");
        assertThat(dom.select("#rule-FO-1 td.cell").eachText()).containsExactly("pass", "stale expected fail");
        assertThat(dom.select("tr.target-row").eachAttr("data-target")).containsExactly("reference", "postfix");
        assertThat(dom.select("section.scenarios h2").eachText())
                .containsExactly("Scenarios: reference", "Scenarios: postfix");
        assertThat(dom.select("details.scenario")).hasSize(7);
        Element stale = dom.getElementById("t2-s1");
        assertThat(stale.hasAttr("open")).isTrue();
        assertThat(stale.select(".transcript")).hasSize(2);
        assertThat(dom.getElementById("t2-s4").select("svg rect.bar.out-5xx")).as("the 550 to RCPT").hasSize(1);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
