package dev.esakit.harness.catalog;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One scenario of the catalog as its tags describe it (an outline counts once per example row): where it is,
 * its name, the rule IDs it checks and its level tags.
 */
public record CatalogScenario(String uri, String name, Set<String> tags) {
    /** A tag that names a rule: {@code @FO-1}, {@code @SEL-2}, {@code @LOG-6}. */
    public static final Pattern RULE_TAG = Pattern.compile("@([A-Z]+-\\d+)");

    public CatalogScenario {
        tags = Set.copyOf(tags);
    }

    public List<String> ruleIds() {
        return tags.stream().map(RULE_TAG::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1))
                .sorted().toList();
    }

    /** {@code documented}, {@code reference-defined}, or several or none (then the catalog is wrong). */
    public List<String> levels() {
        return tags.stream().filter(t -> t.equals("@documented") || t.equals("@reference-defined"))
                .map(t -> t.substring(1)).sorted().toList();
    }

    @Override
    public String toString() {
        return uri + ": " + name;
    }
}
