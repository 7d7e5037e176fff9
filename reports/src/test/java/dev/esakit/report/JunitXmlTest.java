package dev.esakit.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** junit.xml as a CI system parses it: one testsuite per feature, one testcase per scenario. */
class JunitXmlTest {
    @TempDir
    Path dir;

    private Document write(RunResult run) throws Exception {
        ReportWriter.write(run, SampleRuns.RULES, dir);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
    }

    @Test
    void oneSuitePerFeatureAndOneCasePerScenario() throws Exception {
        Document xml = write(SampleRuns.postfix());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("name")).isEqualTo("ESA conformance: postfix");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).as("the stale ledger entry").isEqualTo("1");
        assertThat(root.getAttribute("skipped")).isEqualTo("2");

        List<Element> suites = children(root, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("name"))
                .containsExactly("Failover by failure kind", "Choosing a host", "Queue and retry");
        Element failover = suites.get(0);
        assertThat(failover.getAttribute("tests")).isEqualTo("2");
        assertThat(failover.getAttribute("file")).isEqualTo("features/failover.feature");
        assertThat(children(failover, "testcase")).extracting(c -> c.getAttribute("name")).containsExactly(
                "A 4xx greeting sends the message to the backup at once",
                "A 5xx to RCPT bounces that recipient without failover");
        Element property = (Element) failover.getElementsByTagName("property").item(0);
        assertThat(property.getAttribute("value")).isEqualTo("postfix");
    }

    @Test
    void eachVerdictMapsToFailureSkippedOrPass() throws Exception {
        Document xml = write(SampleRuns.postfix());
        Element stale = testcase(xml, "A 4xx greeting sends the message to the backup at once");
        Element failure = children(stale, "failure").get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("STALE_EXPECTED_FAIL");
        assertThat(failure.getAttribute("message")).contains("ledger").contains("passed");

        Element expectedFail = testcase(xml, "Equal-priority hosts take turns per connection");
        assertThat(children(expectedFail, "failure")).isEmpty();
        assertThat(children(expectedFail, "skipped")).isEmpty();
        assertThat(text(expectedFail, "system-out")).startsWith("Verdict: EXPECTED_FAIL (target postfix)")
                .contains("Note: ledger: Postfix cannot express equal priorities");

        Element informational = testcase(xml, "A failed host is skipped while down");
        assertThat(children(informational, "failure")).as("INFORMATIONAL passes").isEmpty();
        assertThat(children(informational, "skipped")).isEmpty();
        assertThat(children(testcase(xml, "A 5xx to RCPT bounces that recipient without failover"), "skipped").get(0)
                .getAttribute("message")).isEqualTo("NOT_OBSERVABLE: the Postfix log has no RID numbers");
        assertThat(children(testcase(xml, "An accepted message survives kill -9"), "skipped").get(0)
                .getAttribute("message")).isEqualTo("SKIPPED: the target profile cannot restart this relay");
    }

    @Test
    void aFailureCarriesItsMessageAndTheLogEvidence() throws Exception {
        Document xml = write(SampleRuns.reference());
        Element failing = all(xml, "testcase").get(1);
        assertThat(failing.getAttribute("classname")).isEqualTo("Choosing a host");
        assertThat(failing.getAttribute("time")).isEqualTo("0.131");
        assertThat(failing.getAttribute("line")).isEqualTo("31");
        Element failure = children(failing, "failure").get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("FAIL");
        assertThat(failure.getTextContent()).contains("went to mx-a (127.0.0.10) again");
        String out = text(failing, "system-out");
        assertThat(out).contains("Rules: SEL-2 (documented)")
                .contains("  ok   1  New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.10 port 2525")
                .contains(">>NO   3  New SMTP DCID 2 interface 127.0.0.1 address 127.0.0.11 port 2525   <-- first mismatch")
                .contains("  --   4  Message done DCID 2 MID 2 to RID [0]")
                .contains("Actual log lines:")
                .contains("Transcript mx-a 127.0.0.10:2525 connection #2:")
                .contains("  S: 250 Ok: queued");
        assertThat(children(all(xml, "testcase").get(0), "failure")).isEmpty();
    }

    @Test
    void hostileReplyTextStillMakesWellFormedXml() throws Exception {
        String evil = "421 bye ]]> <b>&amp; \u0001\u001b[31m";
        ScenarioResult s = new ScenarioResult("F <&>", "", "S \"q\"", 1, List.of("FO-9"), "documented", Verdict.FAIL,
                "", "reply was " + evil, null,
                List.of(new TranscriptView("mx-a", "127.0.0.1:25", 1,
                        List.of(new TranscriptEntry(SampleRuns.T0, "S", evil)))), Duration.ofMillis(1));
        Document xml = write(new RunResult("t", SampleRuns.T0, SampleRuns.T0, List.of(s)));
        Element testcase = all(xml, "testcase").get(0);
        assertThat(testcase.getAttribute("classname")).isEqualTo("F <&>");
        assertThat(children(testcase, "failure").get(0).getAttribute("message"))
                .isEqualTo("reply was 421 bye ]]> <b>&amp; \\u0001\\u001B[31m");
        assertThat(text(testcase, "system-out")).contains("S: 421 bye ]]> <b>&amp; \\u0001\\u001B[31m");
    }

    private static Element testcase(Document xml, String name) {
        return all(xml, "testcase").stream().filter(e -> e.getAttribute("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no testcase " + name));
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> all(Document doc, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        return children(parent, tag).get(0).getTextContent();
    }
}
