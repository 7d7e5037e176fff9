package dev.esakit.report.matrix;

/**
 * How one target fares on the rules of one level ({@code documented} or {@code reference-defined}).
 *
 * @param level      the level
 * @param rules      rules of that level in the matrix
 * @param conforming rules whose every judged scenario passed
 * @param deviating  rules with a failed, expected-failed or informational scenario
 * @param notJudged  rules whose scenarios were all not observable or skipped
 * @param notCovered rules that no scenario of the run checks
 */
public record LevelCompliance(String level, int rules, int conforming, int deviating, int notJudged, int notCovered) {

    /** Conforming rules as a share of the judged ones, 0..100; -1 when none could be judged. */
    public int percent() {
        int judged = conforming + deviating;
        return judged == 0 ? -1 : (int) Math.floor(100.0 * conforming / judged);
    }
}
