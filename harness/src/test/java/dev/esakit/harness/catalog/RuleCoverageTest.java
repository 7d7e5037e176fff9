package dev.esakit.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.esakit.report.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog's bookkeeping: every rule of ESA-PROFILE.md is in features/rules.yaml with the profile's level,
 * every rule has a scenario, every rule tag names a rule, every scenario has exactly the right level tag, and
 * the technote's three scenarios come first in their files.
 */
class RuleCoverageTest {
    private static Path root;
    private static RuleCatalog rules;
    private static FeatureCatalog features;

    @BeforeAll
    static void read() {
        root = repoRoot();
        rules = RuleCatalog.load(root.resolve("features/rules.yaml"));
        features = FeatureCatalog.read(root.resolve("features"));
    }

    /** The directory that holds features/rules.yaml: the module directory's parent when Maven runs us. */
    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("features/rules.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no features/rules.yaml above " + Path.of("").toAbsolutePath());
    }

    @Test
    void rulesYamlListsEveryRuleOfTheProfileWithItsLevel() {
        Path profile = root.resolve("../shared/ESA-PROFILE.md").normalize();
        if (!Files.isRegularFile(profile)) {
            fail("The profile is missing: expected ESA-PROFILE.md at " + profile + " (../shared/ESA-PROFILE.md "
                    + "beside the repository root " + root + "). Clone the repository beside a copy of shared/.");
        }
        Map<String, String> profileRules = ProfileRules.read(profile);
        Map<String, String> catalogLevels = rules.rules().stream().collect(Collectors.toMap(Rule::id, Rule::level));
        assertThat(catalogLevels.keySet()).as("rule IDs in features/rules.yaml against those of %s", profile)
                .containsExactlyInAnyOrderElementsOf(profileRules.keySet());
        profileRules.forEach((id, level) -> assertThat(catalogLevels.get(id))
                .as("level of %s in features/rules.yaml (the profile says %s)", id, level).isEqualTo(level));
    }

    @Test
    void everyRuleHasAScenario() {
        Set<String> tagged = features.scenarios().stream().flatMap(s -> s.ruleIds().stream())
                .collect(Collectors.toSet());
        List<String> missing = rules.rules().stream().map(Rule::id).filter(id -> !tagged.contains(id)).toList();
        assertThat(missing).as("rules of features/rules.yaml that no scenario is tagged with").isEmpty();
    }

    @Test
    void everyRuleTagNamesARule() {
        Set<String> known = rules.byId().keySet();
        List<String> unknown = new ArrayList<>();
        for (CatalogScenario s : features.scenarios()) {
            for (String id : s.ruleIds()) {
                if (!known.contains(id)) {
                    unknown.add("@" + id + " on " + s);
                }
            }
        }
        assertThat(unknown).as("rule tags that name no rule in features/rules.yaml").isEmpty();
    }

    @Test
    void everyScenarioChecksARuleAndCarriesItsLevel() {
        Map<String, Rule> byId = rules.byId();
        List<String> wrong = new ArrayList<>();
        for (CatalogScenario s : features.scenarios()) {
            if (s.ruleIds().isEmpty()) {
                wrong.add(s + ": no rule tag");
                continue;
            }
            // A scenario that checks any reference-defined rule is reference-defined: a third-party target that
            // differs on it may be right, so its verdict is informational. A scenario of documented rules only
            // is documented, unless it checks a detail the profile itself calls reference-defined inside a
            // documented rule (CONN-1's limit of 50, RT-6's port syntax): then it may say reference-defined.
            boolean referenceDefined = s.ruleIds().stream().map(byId::get)
                    .anyMatch(r -> r != null && r.level().equals("reference-defined"));
            List<String> levels = s.levels();
            boolean ok = levels.size() == 1
                    && (levels.get(0).equals("reference-defined") || !referenceDefined);
            if (!ok) {
                wrong.add(s + ": level tags " + levels + ", expected exactly one"
                        + (referenceDefined ? ", reference-defined," : "") + " for " + s.ruleIds());
            }
        }
        assertThat(wrong).as("scenarios with a missing or wrong level tag").isEmpty();
    }

    @Test
    void everyTagIsARuleOrALevel() {
        Set<String> other = new TreeSet<>();
        for (CatalogScenario s : features.scenarios()) {
            s.tags().stream().filter(t -> !CatalogScenario.RULE_TAG.matcher(t).matches())
                    .filter(t -> !t.equals("@documented") && !t.equals("@reference-defined"))
                    .forEach(t -> other.add(t + " on " + s));
        }
        assertThat(other).as("tags that are neither a rule ID nor a level (a typo such as @FO1?)").isEmpty();
    }

    @Test
    void theTechnotesScenariosComeFirstInTheirFiles() {
        assertThat(features.in("failover.feature").get(0).name()).startsWith("TN117875 452 from the first host");
        assertThat(features.in("queue.feature").get(0).name()).startsWith("TN117875 all hosts deferring");
        assertThat(features.in("host-choice.feature").get(0).name()).startsWith("TN117875 equal-priority rotation");
    }

    @Test
    void theFailoverRulesAreCheckedAtEveryStageTheyApplyTo() {
        // FO-9 (421) applies at every stage; FO-8 (lost connection) before and after Delivery start.
        assertThat(count("FO-9")).as("FO-9 scenarios (greeting, EHLO, MAIL, RCPT, DATA, end of data)")
                .isGreaterThanOrEqualTo(6);
        assertThat(count("FO-8")).as("FO-8 scenarios").isGreaterThanOrEqualTo(5);
        assertThat(count("FO-7")).as("FO-7 scenarios (DATA, end of data)").isGreaterThanOrEqualTo(2);
        assertThat(count("FO-11")).as("FO-11 scenarios (MAIL, DATA, end of data)").isGreaterThanOrEqualTo(3);
        assertThat(count("FO-4")).as("FO-4 scenarios (EHLO, HELO fallback)").isGreaterThanOrEqualTo(3);
    }

    private static long count(String rule) {
        return features.scenarios().stream().filter(s -> s.ruleIds().contains(rule)).count();
    }
}
