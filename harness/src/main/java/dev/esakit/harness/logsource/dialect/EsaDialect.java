package dev.esakit.harness.logsource.dialect;

import dev.esakit.engine.log.Ctime;
import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.logsource.LogRecord;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * AsyncOS mail_logs, the form the catalog is written in: every expected line is judged as it stands. A file
 * line already carries its ctime stamp; a syslog-pushed line ({@code mail_logs: Info: ...}, LOG-6) gets the
 * stamp from its syslog header.
 */
public final class EsaDialect implements LogDialect {
    @Override
    public String name() {
        return "esa";
    }

    @Override
    public List<String> render(List<LogRecord> records) {
        return records.stream().map(EsaDialect::stamped).toList();
    }

    static String stamped(LogRecord r) {
        if (r.stamped() == null) {
            return r.text();
        }
        return Ctime.format(r.stamped(), ZoneId.systemDefault()) + " " + r.text();
    }

    @Override
    public String project(String expected, List<String> lost) {
        return expected;
    }

    @Override
    public LogCheck check(List<String> expected, List<LogRecord> records, Map<String, String> given, boolean exactly) {
        return LogCheck.complete(LogMatcher.match(expected, render(records), given, exactly));
    }
}
