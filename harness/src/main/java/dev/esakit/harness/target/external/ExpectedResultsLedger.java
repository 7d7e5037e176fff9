package dev.esakit.harness.target.external;

import dev.esakit.harness.target.external.YamlDocument.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A target's known deviations from the catalog, each with its reason: the expected-results ledger. A scenario
 * that fails and is listed (by its name, or by a rule it checks) is an EXPECTED FAIL; a listed scenario that
 * passes makes its entry STALE, as in the OpenID conformance suite: the ledger must then be corrected.
 *
 * <pre>
 * target: postfix
 * expected:
 *   - scenario: "Equal priorities take turns per connection"
 *     reason: "Postfix tries a nexthop list in order; it has no round robin among equal priorities."
 *   - rule: SEL-6
 *     reason: "Postfix marks a destination dead for the whole domain, not per host."
 * </pre>
 */
public record ExpectedResultsLedger(Path file, String target, List<Entry> entries) {

    /** One known deviation: a scenario by its exact name, or every scenario tagged with a rule ID. */
    public record Entry(Path file, int line, String scenario, String rule, String reason) {
        public boolean covers(String scenarioName, List<String> ruleIds) {
            return scenario != null ? scenario.equals(scenarioName) : ruleIds.contains(rule);
        }

        /** Where the entry is, for messages: {@code targets/postfix-ledger.yaml:12}. */
        public String where() {
            return file.getFileName() + ":" + line;
        }

        public String describe() {
            return scenario != null ? "scenario '" + scenario + "'" : "rule " + rule;
        }
    }

    public static ExpectedResultsLedger read(Path file) {
        Node root = YamlDocument.read(file).onlyKeys(Set.of("target", "expected"));
        List<Entry> entries = new ArrayList<>();
        for (Node n : root.has("expected") ? root.list("expected") : List.<Node>of()) {
            if (!n.isObject()) {
                throw n.error("each entry should be a mapping with scenario or rule, and reason");
            }
            n.onlyKeys(Set.of("scenario", "rule", "reason"));
            boolean byScenario = n.has("scenario");
            if (byScenario == n.has("rule")) {
                throw n.error("give exactly one of 'scenario' (its exact name) or 'rule' (a rule ID like SEL-2)");
            }
            String reason = n.text("reason").strip();
            if (reason.isEmpty()) {
                throw n.get("reason").error("every expected deviation needs its reason");
            }
            String rule = byScenario ? null : n.text("rule").strip();
            if (rule != null && !rule.matches("[A-Z]+-\\d+")) {
                throw n.get("rule").error("'" + rule + "' is not a rule ID like SEL-2");
            }
            entries.add(new Entry(file.getFileName() == null ? file : file, n.line(),
                    byScenario ? n.text("scenario").strip() : null, rule, reason));
        }
        return new ExpectedResultsLedger(file, root.text("target", ""), List.copyOf(entries));
    }

    /** The first entry covering the scenario: a scenario entry wins over a rule entry. */
    public Optional<Entry> find(String scenarioName, List<String> ruleIds) {
        return entries.stream().filter(e -> e.scenario() != null && e.covers(scenarioName, ruleIds)).findFirst()
                .or(() -> entries.stream().filter(e -> e.covers(scenarioName, ruleIds)).findFirst());
    }
}
