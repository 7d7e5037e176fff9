package dev.esakit.harness.logsource.dialect;

import dev.esakit.engine.log.Ctime;
import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.logsource.LogRecord;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AsyncOS message tracking (the REST API's per-message summaries, see {@code AsyncOsTrackingSource}) judged
 * against ESA-form expectations. Tracking tells what became of each message, not what happened on each
 * connection: connection lines and DCIDs are not observable, message outcomes are. The summary texts come
 * from the appliance; the forms read here are the ones Cisco's API documentation and its samples show
 * ("Message 349 to x@y received remote SMTP response '...'").
 */
public final class AsyncOsTrackingDialect implements LogDialect {
    private static final Pattern DELIVERED = Pattern.compile("^Message (\\d+) to .* received remote SMTP response.*$");
    private static final Pattern BOUNCED = Pattern.compile("^Message (\\d+) to .* bounced.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DELAYED = Pattern.compile("^Message (\\d+) to .* (?:delayed|deferred|soft bounced).*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DCID = Pattern.compile("DCID \\S+ ");
    private final EsaProjection projection = new EsaProjection("AsyncOS message tracking");

    @Override
    public String name() {
        return "asyncos-tracking";
    }

    @Override
    public List<String> render(List<LogRecord> records) {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            String stamp = Ctime.format(r.stamped() == null ? r.received() : r.stamped(), ZoneId.systemDefault())
                    + " Info: ";
            String text = r.text();
            Matcher m;
            if ((m = DELIVERED.matcher(text)).matches()) {
                out.add(stamp + "Message done MID " + m.group(1));
            } else if ((m = BOUNCED.matcher(text)).matches()) {
                out.add(stamp + "Bounced: MID " + m.group(1));
            } else if ((m = DELAYED.matcher(text)).matches()) {
                out.add(stamp + "Delayed: MID " + m.group(1));
            }
        }
        return out;
    }

    @Override
    public String project(String expected, List<String> lost) {
        EsaProjection.Projected p = projection.project(expected);
        String reduced = p.reduced();
        if (reduced != null && (reduced.startsWith("Message done") || reduced.startsWith("Delayed:")
                || reduced.startsWith("Bounced:"))) {
            lost.add("'" + expected + "': the connection (DCID) and reply code are not in message tracking");
            return DCID.matcher(reduced).replaceFirst("").replaceAll(" \\('[^']*'\\)$", "");
        }
        lost.add("'" + expected + "': message tracking has no counterpart for this line");
        return null;
    }

    @Override
    public LogCheck check(List<String> expected, List<LogRecord> records, Map<String, String> given, boolean exactly) {
        List<String> judged = new ArrayList<>();
        List<String> notObservable = new ArrayList<>();
        for (String line : expected) {
            EsaProjection.Projected p = projection.project(line);
            String reduced = p.reduced();
            if (reduced != null && (reduced.startsWith("Message done") || reduced.startsWith("Delayed:")
                    || reduced.startsWith("Bounced:"))) {
                judged.add(DCID.matcher(reduced).replaceFirst("").replaceAll(" \\('[^']*'\\)$", ""));
                notObservable.add("'" + line + "': the connection (DCID) and reply code are not in message tracking");
            } else {
                notObservable.add("'" + line + "': message tracking has no counterpart for this line");
            }
        }
        LogMatch match = LogMatcher.match(judged, render(records), given, exactly);
        return new LogCheck(match, notObservable, judged.size());
    }
}
