package dev.esakit.harness.logsource.dialect;

import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.logsource.LogRecord;
import java.util.List;
import java.util.Map;

/**
 * How to read one kind of relay log against the catalog's expectations, which are written in the ESA mail
 * log form (ESA-PROFILE section 5). A dialect judges what its log can show and names what it cannot.
 */
public interface LogDialect {
    String name();

    /** The log as people should see it in the report (in this dialect's judged form). */
    List<String> render(List<LogRecord> records);

    /**
     * Checks the expected ESA-form lines (with placeholders, see {@code LinePattern}) against the records,
     * given the bindings known beforehand (the fake hosts' addresses).
     */
    LogCheck check(List<String> expected, List<LogRecord> records, Map<String, String> given, boolean exactly);

    /**
     * One expected ESA-form line in the form {@link #render} writes, or null when this dialect cannot show it;
     * {@code lost} receives what the projection dropped, with the reason.
     */
    String project(String expected, List<String> lost);

    static LogDialect named(String name) {
        return switch (name) {
            case "esa" -> new EsaDialect();
            case "postfix" -> new PostfixDialect();
            case "asyncos-tracking" -> new AsyncOsTrackingDialect();
            default -> throw new IllegalArgumentException("unknown log dialect '" + name
                    + "'; known: esa, postfix, asyncos-tracking");
        };
    }
}
