package dev.esakit.report;

/** The process exit code for a finished run, as CI reads it. */
public final class ExitCode {
    public static final int EXPECTED = 0;
    public static final int UNEXPECTED = 1;
    /** For the CLI: bad arguments or configuration. Never returned by {@link #of}. */
    public static final int USAGE = 2;

    private ExitCode() {
    }

    /** 0 when every verdict is {@link Verdict#expected() expected}, 1 otherwise. */
    public static int of(RunResult run) {
        return run.scenarios().stream().allMatch(s -> s.verdict().expected()) ? EXPECTED : UNEXPECTED;
    }
}
