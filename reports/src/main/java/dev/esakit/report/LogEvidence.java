package dev.esakit.report;

import java.util.List;

/**
 * What a log assertion expected and what the target logged.
 *
 * @param expected                   the expected lines (patterns), in the order the scenario states them
 * @param actual                     the log lines the target wrote during the scenario
 * @param firstMismatchExpectedIndex index into {@code expected} of the first line that was not found,
 *                                   or -1 when every expected line matched
 */
public record LogEvidence(List<String> expected, List<String> actual, int firstMismatchExpectedIndex) {
    public LogEvidence {
        expected = expected == null ? List.of() : List.copyOf(expected);
        actual = actual == null ? List.of() : List.copyOf(actual);
        if (firstMismatchExpectedIndex < -1 || firstMismatchExpectedIndex >= expected.size()) {
            throw new IllegalArgumentException("firstMismatchExpectedIndex " + firstMismatchExpectedIndex
                    + " is outside the " + expected.size() + " expected lines (use -1 when all matched)");
        }
    }

    public boolean matched() {
        return firstMismatchExpectedIndex < 0;
    }
}
