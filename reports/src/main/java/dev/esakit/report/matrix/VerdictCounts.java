package dev.esakit.report.matrix;

import dev.esakit.report.ScenarioResult;
import dev.esakit.report.Verdict;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many scenarios got each verdict; every verdict is present, zero when unused, in the enum's order. */
public record VerdictCounts(Map<Verdict, Integer> byVerdict) {
    public VerdictCounts {
        EnumMap<Verdict, Integer> all = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            all.put(v, byVerdict.getOrDefault(v, 0));
        }
        byVerdict = Collections.unmodifiableMap(all);
    }

    public static VerdictCounts of(List<ScenarioResult> scenarios) {
        EnumMap<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (ScenarioResult s : scenarios) {
            counts.merge(s.verdict(), 1, Integer::sum);
        }
        return new VerdictCounts(counts);
    }

    public int get(Verdict verdict) {
        return byVerdict.get(verdict);
    }

    public int total() {
        return byVerdict.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Scenarios whose verdict should turn CI red. */
    public int unexpected() {
        return byVerdict.entrySet().stream().filter(e -> !e.getKey().expected()).mapToInt(Map.Entry::getValue).sum();
    }
}
