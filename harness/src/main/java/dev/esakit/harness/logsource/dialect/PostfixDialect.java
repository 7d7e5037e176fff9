package dev.esakit.harness.logsource.dialect;

import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.logsource.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Postfix's log judged against ESA-form expectations: both sides are reduced to delivery events
 * ({@link EsaProjection} for the expectation, {@link PostfixLogReader} for the log) and matched with the
 * ordinary log matcher, so placeholders and the evidence read the same as for the reference engine.
 */
public final class PostfixDialect implements LogDialect {
    private final EsaProjection projection = new EsaProjection("Postfix");

    @Override
    public String name() {
        return "postfix";
    }

    @Override
    public List<String> render(List<LogRecord> records) {
        return PostfixLogReader.systemDefault().events(records);
    }

    @Override
    public String project(String expected, List<String> lost) {
        EsaProjection.Projected p = projection.project(expected);
        lost.addAll(p.lost());
        return p.reduced();
    }

    @Override
    public LogCheck check(List<String> expected, List<LogRecord> records, Map<String, String> given, boolean exactly) {
        List<String> judged = new ArrayList<>();
        List<String> notObservable = new ArrayList<>();
        for (String line : expected) {
            EsaProjection.Projected p = projection.project(line);
            if (p.reduced() != null) {
                judged.add(p.reduced());
            }
            notObservable.addAll(p.lost());
        }
        LogMatch match = LogMatcher.match(judged, render(records), given, exactly);
        return new LogCheck(match, notObservable, judged.size());
    }
}
