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
    /** Bounds the backtracking search on pathological logs. */
    private static final int MAX_STEPS = 200_000;

    private LogMatcher() {
    }

    public static LogMatch match(List<String> expectedLines, List<String> logLines, Map<String, String> given,
                                 boolean exactly) {
        List<LinePattern> patterns = expectedLines.stream().map(LinePattern::new).toList();
        String[] texts = new String[logLines.size()];
        for (int i = 0; i < logLines.size(); i++) {
            Matcher m = STAMPED.matcher(logLines.get(i));
            if (!m.matches()) {
                int[] none = new int[patterns.size()];
                Arrays.fill(none, -1);
                return new LogMatch(expectedLines, logLines, none, 0, given,
                        "Log line " + (i + 1) + " lacks the '<ctime> <Level>: ' stamp of LOG-1: " + logLines.get(i));
            }
            texts[i] = m.group(3);
        }
        Search s = new Search(patterns, texts, exactly);
        Map<String, String> bound = s.find(0, 0, given);
        if (bound != null) {
            return new LogMatch(expectedLines, logLines, s.best, -1, bound, null);
        }
        String problem = s.steps >= MAX_STEPS ? "The search gave up after " + MAX_STEPS + " steps." : null;
        return new LogMatch(expectedLines, logLines, s.bestAt, s.bestDepth, s.bestBindings, problem);
    }

    private static final class Search {
        final List<LinePattern> patterns;
        final String[] texts;
        final boolean exactly;
        final int[] current;
        int[] best;
        int[] bestAt;
        int bestDepth = 0;
        Map<String, String> bestBindings = Map.of();
        int steps;

        Search(List<LinePattern> patterns, String[] texts, boolean exactly) {
            this.patterns = patterns;
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
            for (int i = from; i <= last && steps < MAX_STEPS; i++) {
                steps++;
                Map<String, String> next = patterns.get(p).match(texts[i], bound);
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
