package dev.esakit.report;

import java.io.IOException;
import java.nio.file.Path;

/** A report file that cannot be read: names the file and, where known, the line and column. */
public class ReportFormatException extends IOException {
    private final Path file;
    private final int line;
    private final int column;

    public ReportFormatException(Path file, int line, int column, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
