package dev.esakit.fake.smtp;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One scripted behaviour: the stage it watches, the conditions under which it fires, and its action.
 * A rule that has used up its {@code times} budget falls through to the next rule or the default.
 */
final class Rule {
    private final Stage stage;
    private final Pattern pattern;          // null: any argument
    private final Set<Integer> connections; // empty: every connection
    private final int occurrence;           // 0: every occurrence; n: only the n-th match
    private final int times;                // 0: unlimited
    private final Action action;
    private int seen;                       // guarded by RuleBook's lock
    private int fired;

    Rule(Stage stage, Pattern pattern, Set<Integer> connections, int occurrence, int times, Action action) {
        this.stage = stage;
        this.pattern = pattern;
        this.connections = Set.copyOf(connections);
        this.occurrence = occurrence;
        this.times = times;
        this.action = action;
    }

    Stage stage() { return stage; }

    /** Counts the event if the rule's stage, pattern and connection match; returns whether it fires. */
    boolean claim(Stage at, String argument, int connection) {
        if (at != stage) return false;
        if (pattern != null && (argument == null || !pattern.matcher(argument).matches())) return false;
        if (!connections.isEmpty() && !connections.contains(connection)) return false;
        seen++;
        if (occurrence > 0 && seen != occurrence) return false;
        if (times > 0 && fired >= times) return false;
        fired++;
        return true;
    }

    Action action() { return action; }

    @Override
    public String toString() {
        return "on " + stage + (pattern == null ? "" : " matching " + pattern)
                + (connections.isEmpty() ? "" : " connections " + connections)
                + (occurrence > 0 ? " occurrence " + occurrence : "")
                + (times > 0 ? " times " + times : "") + " -> " + action;
    }
}
