package dev.esakit.report.html;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.esakit.report.matrix.RuleMatrix;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Renders the one-file HTML report: summary, rules × targets matrix, and every scenario's evidence.
 * Everything (CSS, SVG) is inline so that the file opens from file:// with no network.
 */
public final class HtmlReport {
    private static final String TEMPLATES = "dev/esakit/report/html";
    private static final Mustache TEMPLATE = new DefaultMustacheFactory(TEMPLATES).compile("report.mustache");
    private static final String CSS = resource("report.css");

    private HtmlReport() {
    }

    public static String render(RuleMatrix matrix, Instant generated) {
        if (matrix.runs().isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one run");
        }
        ReportPage page = ReportPage.of(matrix, generated);
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, List.of(Map.of("css", CSS), page));
        return out.toString();
    }

    public static void write(RuleMatrix matrix, Instant generated, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(matrix, generated), StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        String path = TEMPLATES + "/" + name;
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
