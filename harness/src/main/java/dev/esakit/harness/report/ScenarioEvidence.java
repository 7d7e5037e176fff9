package dev.esakit.harness.report;

import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.report.TranscriptView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a scenario leaves behind for its report entry: the last log match and the transcripts of its hosts.
 * Steps record it here under the scenario's location; the report plugin collects it when the scenario ends.
 * Cucumber gives glue and plugins no shared object, so this registry is the meeting point.
 */
public final class ScenarioEvidence {
    private static final Map<String, ScenarioEvidence> BY_SCENARIO = new ConcurrentHashMap<>();

    public volatile LogMatch logMatch;
    /** Every connection's transcript, in the report's own form. */
    public final List<TranscriptView> transcripts = new ArrayList<>();
    /** Expected lines or fields the target's log cannot show, each with the reason (third-party targets). */
    public final List<String> notObservable = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Whether some log step judged nothing at all of what it expected. */
    public volatile boolean logJudgedNothing;
    /** What the target could only approximate for this scenario (a relay's config generator says so). */
    public final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());

    public static ScenarioEvidence forScenario(String key) {
        return BY_SCENARIO.computeIfAbsent(key, k -> new ScenarioEvidence());
    }

    public static ScenarioEvidence take(String key) {
        return BY_SCENARIO.remove(key);
    }

    public static String key(String uri, long line) {
        return uri + ":" + line;
    }
}
