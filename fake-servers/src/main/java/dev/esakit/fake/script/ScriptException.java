package dev.esakit.fake.script;

/** A script that cannot be used, with the place it went wrong: "accept-all.yaml:7:5: unknown stage 'mial'". */
public final class ScriptException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;
    private final String problem;

    public ScriptException(String source, int line, int column, String problem) {
        super(source + ":" + line + (column > 0 ? ":" + column : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file name (or other label) the script came from. */
    public String source() { return source; }

    /** 1-based line. */
    public int line() { return line; }

    /** 1-based column, 0 when unknown. */
    public int column() { return column; }

    /** The problem alone, without the place. */
    public String problem() { return problem; }
}
