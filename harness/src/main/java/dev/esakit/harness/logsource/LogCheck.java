package dev.esakit.harness.logsource;

import dev.esakit.harness.logmatch.LogMatch;
import java.util.List;

/**
 * The outcome of checking a scenario's expected mail log lines against a target's log: the match over the
 * lines the target's log can show, and the lines (or parts of lines) it cannot, each with the reason.
 *
 * @param match         the match of the observable expectations against the target's log, in ESA form or in
 *                      the dialect's event form
 * @param notObservable what could not be judged, one entry per expected line or field, with the reason
 * @param judged        how many expected lines were judged
 */
public record LogCheck(LogMatch match, List<String> notObservable, int judged) {
    public LogCheck {
        notObservable = List.copyOf(notObservable);
    }

    /** Every expected line was judged. */
    public static LogCheck complete(LogMatch match) {
        return new LogCheck(match, List.of(), match.expected().size());
    }

    /** Nothing of the expectation could be judged from this target's log. */
    public boolean judgedNothing() {
        return judged == 0;
    }
}
