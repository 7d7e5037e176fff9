package dev.esakit.report;

import dev.esakit.report.json.ReportJson;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a run back from the JSON that {@link ReportWriter} wrote (schema: reports/SCHEMA.md). */
public final class ReportReader {
    private ReportReader() {
    }

    /**
     * @param runDirOrJsonFile a run's output directory (holding {@code report.json}) or the JSON file itself
     * @throws ReportFormatException naming the file, and the line and column where known, when it is missing,
     *                               malformed, of another kind or of an unsupported schema version
     */
    public static RunResult read(Path runDirOrJsonFile) throws ReportFormatException {
        Path file = Files.isDirectory(runDirOrJsonFile) ? runDirOrJsonFile.resolve(ReportWriter.JSON) : runDirOrJsonFile;
        if (!Files.isRegularFile(file)) {
            throw new ReportFormatException(file, 0, 0, Files.isDirectory(runDirOrJsonFile)
                    ? "no " + ReportWriter.JSON + " in this run directory" : "no such file", null);
        }
        return ReportJson.readRun(file);
    }
}
