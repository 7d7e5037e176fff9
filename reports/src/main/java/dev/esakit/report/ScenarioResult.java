package dev.esakit.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one Gherkin scenario against one target, with the evidence behind it.
 *
 * @param feature        the feature's name
 * @param featureUri     where the feature file is, like {@code features/failover.feature}
 * @param scenario       the scenario's name
 * @param line           the scenario's line in the feature file
 * @param ruleIds        the profile rules the scenario checks (its tags), like {@code FO-1}
 * @param level          {@code documented} or {@code reference-defined}
 * @param verdict        the judgement
 * @param gherkin        the scenario's steps as text
 * @param failureMessage why it failed; null if it did not
 * @param log            the log assertion's evidence; null if the scenario asserts no log lines
 * @param transcripts    every SMTP connection the destinations saw
 * @param duration       how long the scenario ran
 */
public record ScenarioResult(String feature, String featureUri, String scenario, int line, List<String> ruleIds,
                             String level, Verdict verdict, String gherkin, String failureMessage,
                             LogEvidence log, List<TranscriptView> transcripts, Duration duration) {
    public ScenarioResult {
        Objects.requireNonNull(feature, "feature is required");
        Objects.requireNonNull(scenario, "scenario is required");
        Objects.requireNonNull(verdict, "verdict is required");
        featureUri = featureUri == null ? "" : featureUri;
        ruleIds = ruleIds == null ? List.of() : List.copyOf(ruleIds);
        level = level == null ? "" : level;
        gherkin = gherkin == null ? "" : gherkin;
        transcripts = transcripts == null ? List.of() : List.copyOf(transcripts);
        duration = duration == null ? Duration.ZERO : duration;
    }
}
