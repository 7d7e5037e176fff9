package dev.esakit.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of the catalog against one target: what the reports render.
 *
 * @param target    the target's name, like {@code reference} or {@code postfix}
 * @param started   when the run began
 * @param finished  when it ended
 * @param scenarios every scenario's result, in the order they ran
 */
public record RunResult(String target, Instant started, Instant finished, List<ScenarioResult> scenarios) {
    public RunResult {
        Objects.requireNonNull(target, "target is required");
        Objects.requireNonNull(started, "started is required");
        Objects.requireNonNull(finished, "finished is required");
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    }
}
