package dev.esakit.harness.logmatch;

import java.util.List;
import java.util.Map;

/**
 * The result of matching expected lines against a log. {@code matchedLines[i]} is the index of the actual
 * line that expected line i matched, or -1; {@code firstMismatch} is the first expected line that no actual
 * line satisfied (-1 when all matched). {@code nearMiss}, when there is a mismatch, is the actual line that
 * came closest to it and the column where they part.
 */
public record LogMatch(List<String> expected, List<String> actual, int[] matchedLines, int firstMismatch,
                       Map<String, String> bindings, String problem, NearMiss nearMiss) {

    /** The actual line (0-based) closest to the first unmatched expected line, and where they differ. */
    public record NearMiss(int line, int column) {
    }

    public LogMatch(List<String> expected, List<String> actual, int[] matchedLines, int firstMismatch,
                    Map<String, String> bindings, String problem) {
        this(expected, actual, matchedLines, firstMismatch, bindings, problem, null);
    }

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
        if (nearMiss != null && firstMismatch >= 0) {
            String line = actual.get(nearMiss.line());
            out.append("Closest actual line to the first mismatch: line ").append(nearMiss.line() + 1)
                    .append(", differing from column ").append(nearMiss.column() + 1).append(":\n")
                    .append("      ").append(line).append('\n')
                    .append("      ").append(" ".repeat(Math.min(nearMiss.column(), line.length()))).append("^\n");
        }
        out.append("Actual mail log (").append(actual.size()).append(" lines):\n");
        for (int i = 0; i < actual.size(); i++) {
            String mark = nearMiss != null && firstMismatch >= 0 && nearMiss.line() == i ? ">>" : "  ";
            out.append(String.format("%s%4d  %s%n", mark, i + 1, actual.get(i)));
        }
        if (!bindings.isEmpty()) {
            out.append("Bound placeholders: ").append(new java.util.TreeMap<>(bindings)).append('\n');
        }
        return out.toString();
    }
}
