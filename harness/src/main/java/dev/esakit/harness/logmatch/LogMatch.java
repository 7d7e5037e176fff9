package dev.esakit.harness.logmatch;

import java.util.List;
import java.util.Map;

/**
 * The result of matching expected lines against a log. {@code matchedLines[i]} is the index of the actual
 * line that expected line i matched, or -1; {@code firstMismatch} is the first expected line that no actual
 * line satisfied (-1 when all matched).
 */
public record LogMatch(List<String> expected, List<String> actual, int[] matchedLines, int firstMismatch,
                       Map<String, String> bindings, String problem) {

    public boolean matched() {
        return firstMismatch < 0 && problem == null;
    }

    /** Expected against actual, for a person: the matched lines, then the first mismatch marked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (problem != null) {
            out.append(problem).append('\n');
        }
        out.append("Expected, in order:\n");
        for (int i = 0; i < expected.size(); i++) {
            String mark = i < firstMismatch || firstMismatch < 0 ? "  ok  " : i == firstMismatch ? ">>NO<<" : "      ";
            out.append(mark).append(' ').append(expected.get(i));
            if (matchedLines[i] >= 0) {
                out.append("\n         = line ").append(matchedLines[i] + 1);
            }
            out.append('\n');
        }
        out.append("Actual mail log (").append(actual.size()).append(" lines):\n");
        for (int i = 0; i < actual.size(); i++) {
            out.append(String.format("%4d  %s%n", i + 1, actual.get(i)));
        }
        if (!bindings.isEmpty()) {
            out.append("Bound placeholders: ").append(bindings).append('\n');
        }
        return out.toString();
    }
}
