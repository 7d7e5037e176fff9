package dev.esakit.fake.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's rules in the order they were added; the first rule that claims an event wins (like a
 * firewall table), so a narrow rule must come before a broad one for the same stage.
 */
final class RuleBook {
    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(Rule rule) {
        rules.add(rule);
    }

    /** The action of the first rule that fires, or null when the server should behave by default. */
    synchronized Action decide(Stage stage, String argument, int connection) {
        for (Rule rule : rules) {
            if (rule.claim(stage, argument, connection)) return rule.action();
        }
        return null;
    }
}
