package dev.esakit.report.junit;

import dev.esakit.report.LogEvidence;
import dev.esakit.report.RunResult;
import dev.esakit.report.ScenarioResult;
import dev.esakit.report.TranscriptEntry;
import dev.esakit.report.TranscriptView;
import dev.esakit.report.Verdict;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code junit.xml} in the common Ant/Surefire dialect that CI systems read: one testsuite per feature,
 * one testcase per scenario. FAIL and STALE_EXPECTED_FAIL are failures; NOT_OBSERVABLE and SKIPPED are
 * skipped; the other verdicts pass, with the verdict named in system-out. system-out carries the log
 * evidence, so that a CI page shows the expected and actual lines without opening the HTML.
 */
public final class JunitXml {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private JunitXml() {
    }

    public static void write(RunResult run, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            try {
                write(run, xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(RunResult run, XMLStreamWriter xml) throws XMLStreamException {
        Map<String, List<ScenarioResult>> byFeature = new LinkedHashMap<>();
        for (ScenarioResult s : run.scenarios()) {
            byFeature.computeIfAbsent(s.feature(), f -> new ArrayList<>()).add(s);
        }
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuites");
        xml.writeAttribute("name", "ESA conformance: " + run.target());
        writeCounts(xml, run.scenarios());
        xml.writeAttribute("time", seconds(Duration.between(run.started(), run.finished())));
        xml.writeCharacters("\n");
        for (Map.Entry<String, List<ScenarioResult>> feature : byFeature.entrySet()) {
            List<ScenarioResult> scenarios = feature.getValue();
            xml.writeCharacters("  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", feature.getKey());
            writeCounts(xml, scenarios);
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", seconds(scenarios.stream().map(ScenarioResult::duration)
                    .reduce(Duration.ZERO, Duration::plus)));
            xml.writeAttribute("timestamp", TIMESTAMP.format(run.started().truncatedTo(ChronoUnit.SECONDS)));
            xml.writeAttribute("file", scenarios.get(0).featureUri());
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "target", run.target());
            xml.writeEndElement();
            xml.writeCharacters("\n");
            for (ScenarioResult s : scenarios) {
                writeCase(xml, run.target(), s);
            }
            xml.writeCharacters("  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static void writeCase(XMLStreamWriter xml, String target, ScenarioResult s) throws XMLStreamException {
        xml.writeCharacters("    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", s.scenario());
        xml.writeAttribute("classname", s.feature());
        xml.writeAttribute("time", seconds(s.duration()));
        if (!s.featureUri().isEmpty()) {
            xml.writeAttribute("file", s.featureUri());
        }
        if (s.line() > 0) {
            xml.writeAttribute("line", Integer.toString(s.line()));
        }
        xml.writeCharacters("\n");
        switch (s.verdict()) {
            case FAIL -> failure(xml, "FAIL", s.failureMessage() == null ? "failed" : s.failureMessage());
            case STALE_EXPECTED_FAIL -> failure(xml, "STALE_EXPECTED_FAIL", "the expected-results ledger for "
                    + target + " lists this scenario as a known failure, but it passed: remove or update the entry"
                    + (s.failureMessage() == null ? "" : "\n" + s.failureMessage()));
            case NOT_OBSERVABLE -> skipped(xml, "NOT_OBSERVABLE: " + (s.failureMessage() == null
                    ? "the target's log cannot show what this scenario checks" : s.failureMessage()));
            case SKIPPED -> skipped(xml, "SKIPPED" + (s.failureMessage() == null ? "" : ": " + s.failureMessage()));
            default -> {
                // PASS, INFORMATIONAL, EXPECTED_FAIL keep CI green; system-out names the verdict.
            }
        }
        xml.writeCharacters("      ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(xmlSafe(systemOut(target, s)));
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    static String systemOut(String target, ScenarioResult s) {
        StringBuilder out = new StringBuilder();
        out.append("Verdict: ").append(s.verdict()).append(" (target ").append(target).append(")\n");
        if (!s.ruleIds().isEmpty()) {
            out.append("Rules: ").append(String.join(", ", s.ruleIds()));
            if (!s.level().isEmpty()) {
                out.append(" (").append(s.level()).append(')');
            }
            out.append('\n');
        }
        if (s.failureMessage() != null && s.verdict() != Verdict.FAIL) {
            out.append("Note: ").append(s.failureMessage()).append('\n');
        }
        LogEvidence log = s.log();
        if (log != null) {
            out.append("\nExpected log lines, in order:\n");
            for (int i = 0; i < log.expected().size(); i++) {
                String mark = log.matched() || i < log.firstMismatchExpectedIndex() ? "  ok "
                        : i == log.firstMismatchExpectedIndex() ? ">>NO " : "  -- ";
                out.append(mark).append(String.format(Locale.ROOT, "%3d  ", i + 1)).append(log.expected().get(i));
                if (i == log.firstMismatchExpectedIndex()) {
                    out.append("   <-- first mismatch: not found in the log");
                }
                out.append('\n');
            }
            out.append("\nActual log lines:\n");
            for (int i = 0; i < log.actual().size(); i++) {
                out.append(String.format(Locale.ROOT, "%8d  ", i + 1)).append(log.actual().get(i)).append('\n');
            }
            if (log.actual().isEmpty()) {
                out.append("  (none)\n");
            }
        }
        for (TranscriptView c : s.transcripts()) {
            out.append("\nTranscript ").append(c.host()).append(' ').append(c.address())
                    .append(" connection #").append(c.connection()).append(":\n");
            for (TranscriptEntry e : c.lines()) {
                out.append("  ").append(e.direction()).append(": ").append(e.text()).append('\n');
            }
        }
        return out.toString();
    }

    /** XML 1.0 forbids most control characters, which a misbehaving peer can send: write them as \\uXXXX. */
    private static String xmlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (allowed) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            }
        });
        return out.toString();
    }

    private static void failure(XMLStreamWriter xml, String type, String message) throws XMLStreamException {
        xml.writeCharacters("      ");
        xml.writeStartElement("failure");
        xml.writeAttribute("type", type);
        xml.writeAttribute("message", xmlSafe(firstLine(message)));
        xml.writeCharacters(xmlSafe(message));
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void skipped(XMLStreamWriter xml, String message) throws XMLStreamException {
        xml.writeCharacters("      ");
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", xmlSafe(message));
        xml.writeCharacters("\n");
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", xmlSafe(value));
    }

    private static void writeCounts(XMLStreamWriter xml, List<ScenarioResult> scenarios) throws XMLStreamException {
        long failures = scenarios.stream().filter(s -> !s.verdict().expected()).count();
        long skipped = scenarios.stream()
                .filter(s -> s.verdict() == Verdict.NOT_OBSERVABLE || s.verdict() == Verdict.SKIPPED).count();
        xml.writeAttribute("tests", Integer.toString(scenarios.size()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("skipped", Long.toString(skipped));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
