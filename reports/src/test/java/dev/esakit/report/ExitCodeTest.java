package dev.esakit.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodeTest {
    private static ScenarioResult scenario(Verdict v) {
        return new ScenarioResult("F", "", v.name(), 1, List.of("FO-1"), "documented", v, "", null, null, List.of(),
                Duration.ZERO);
    }

    private static RunResult run(List<Verdict> verdicts) {
        List<ScenarioResult> scenarios = new ArrayList<>();
        verdicts.forEach(v -> scenarios.add(scenario(v)));
        return new RunResult("t", SampleRuns.T0, SampleRuns.T0, scenarios);
    }

    @ParameterizedTest
    @EnumSource(Verdict.class)
    void onlyFailAndStaleExpectedFailAreUnexpected(Verdict v) {
        boolean unexpected = v == Verdict.FAIL || v == Verdict.STALE_EXPECTED_FAIL;
        assertThat(v.expected()).isEqualTo(!unexpected);
        assertThat(ExitCode.of(run(List.of(Verdict.PASS, v, Verdict.PASS)))).isEqualTo(unexpected ? 1 : 0);
    }

    @Test
    void aRunOfEveryExpectedVerdictExitsZero() {
        assertThat(ExitCode.of(run(List.of(Verdict.PASS, Verdict.INFORMATIONAL, Verdict.NOT_OBSERVABLE,
                Verdict.EXPECTED_FAIL, Verdict.SKIPPED)))).isEqualTo(ExitCode.EXPECTED).isZero();
        assertThat(ExitCode.of(SampleRuns.reference())).isEqualTo(ExitCode.UNEXPECTED).isEqualTo(1);
    }
}
