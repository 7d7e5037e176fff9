package dev.esakit.harness.logmatch;

import dev.esakit.engine.log.Ctime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches expected lines against a mail log. By default the expected lines must appear as an ordered
 * subsequence, so other connections' interleaved lines do not break a match; {@code exactly} demands that
 * they be the log's lines from the first match on, with nothing in between. Captures bind across lines,
 * and the search backtracks: a line that binds {@code {d1}} wrongly does not doom the match.
 */
public final class LogMatcher {
    private static final Pattern STAMPED = Pattern.compile("(?s)" + // a stray CR or U+2028 in a line is still text
            "^(" + Ctime.PATTERN + ") (Info|Warning|Critical|Debug|Trace): (.*)$");
    /** Syslog form of LOG-6: {@code <pri>Mmm dd HH:MM:SS mail_logs: Info: text}. */
    private static final Pattern SYSLOG = Pattern.compile(
            "^<\\d{1,3}>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d (?:\\S+ )?mail_logs: "
                    + "(Info|Warning|Critical|Debug|Trace): (.*)$");
    /** Bounds the backtracking search on pathological logs. */
    private static final int MAX_STEPS = 200_000;

    private LogMatcher() {
    }

    /** Matches against {@code mail.current} lines, each stamped {@code <ctime> <Level>: }. */
    public static LogMatch match(List<String> expectedLines, List<String> logLines, Map<String, String> given,
                                 boolean exactly) {
        return match(expectedLines, logLines, STAMPED, 3, "the '<ctime> <Level>: ' stamp of LOG-1", given, exactly);
    }

    /** Matches against syslog messages (LOG-6), each {@code <pri>Mmm dd HH:MM:SS [host ]mail_logs: <Level>: }. */
    public static LogMatch matchSyslog(List<String> expectedLines, List<String> messages, Map<String, String> given) {
        return match(expectedLines, messages, SYSLOG, 2, "the syslog form '<pri>Mmm dd HH:MM:SS mail_logs: <Level>: '",
                given, false);
    }

    private static LogMatch match(List<String> expectedLines, List<String> logLines, Pattern form, int textGroup,
                                  String formName, Map<String, String> given, boolean exactly) {
        List<LinePattern> patterns = expectedLines.stream().map(LinePattern::new).toList();
        String[] texts = new String[logLines.size()];
        for (int i = 0; i < logLines.size(); i++) {
            Matcher m = form.matcher(logLines.get(i));
            if (!m.matches()) {
                int[] none = new int[patterns.size()];
                Arrays.fill(none, -1);
                return new LogMatch(expectedLines, logLines, none, 0, given,
                        "Log line " + (i + 1) + " lacks " + formName + ": " + logLines.get(i));
            }
            texts[i] = m.group(textGroup);
        }
        Search s = new Search(patterns, logLines.toArray(String[]::new), texts, exactly);
        Map<String, String> bound = s.find(0, 0, given);
        if (bound != null) {
            return new LogMatch(expectedLines, logLines, s.best, -1, bound, null);
        }
        String problem = s.steps >= MAX_STEPS ? "The search gave up after " + MAX_STEPS + " steps." : null;
        LogMatch.NearMiss near = nearMiss(patterns, s, texts, logLines);
        return new LogMatch(expectedLines, logLines, s.bestAt, s.bestDepth, s.bestBindings, problem, near);
    }

    /** The actual line that came closest to the first expected line that nothing matched. */
    private static LogMatch.NearMiss nearMiss(List<LinePattern> patterns, Search s, String[] texts, List<String> lines) {
        if (s.bestDepth >= patterns.size()) {
            return null;
        }
        LinePattern p = patterns.get(s.bestDepth);
        int from = s.bestDepth == 0 ? 0 : s.bestAt[s.bestDepth - 1] + 1;
        int bestLine = -1;
        int bestAgreement = -1;
        for (int i = from; i < texts.length; i++) {
            String candidate = p.wholeLine() ? lines.get(i) : texts[i];
            int a = p.agreement(candidate, s.bestBindings);
            if (a > bestAgreement) {
                bestAgreement = a;
                bestLine = i;
            }
        }
        if (bestLine < 0) {
            return null;
        }
        int stampLength = p.wholeLine() ? 0 : lines.get(bestLine).length() - texts[bestLine].length();
        return new LogMatch.NearMiss(bestLine, stampLength + bestAgreement);
    }

    private static final class Search {
        final List<LinePattern> patterns;
        final String[] lines;
        final String[] texts;
        final boolean exactly;
        final int[] current;
        int[] best;
        int[] bestAt;
        int bestDepth = 0;
        Map<String, String> bestBindings = Map.of();
        int steps;

        Search(List<LinePattern> patterns, String[] lines, String[] texts, boolean exactly) {
            this.patterns = patterns;
            this.lines = lines;
            this.texts = texts;
            this.exactly = exactly;
            this.current = new int[patterns.size()];
            Arrays.fill(current, -1);
            this.bestAt = current.clone();
        }

        Map<String, String> find(int p, int from, Map<String, String> bound) {
            if (p == patterns.size()) {
                best = current.clone();
                return bound;
            }
            int last = exactly && p > 0 ? Math.min(from, texts.length - 1) : texts.length - 1;
            LinePattern pattern = patterns.get(p);
            for (int i = from; i <= last && steps < MAX_STEPS; i++) {
                steps++;
                Map<String, String> next = pattern.match(pattern.wholeLine() ? lines[i] : texts[i], bound);
                if (next != null) {
                    current[p] = i;
                    if (p + 1 > bestDepth) {
                        bestDepth = p + 1;
                        bestAt = current.clone();
                        bestBindings = next;
                    }
                    Map<String, String> done = find(p + 1, i + 1, next);
                    if (done != null) {
                        return done;
                    }
                    current[p] = -1;
                }
            }
            return null;
        }
    }
}
