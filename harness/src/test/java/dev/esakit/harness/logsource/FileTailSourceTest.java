package dev.esakit.harness.logsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailSourceTest {
    @TempDir
    Path dir;

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsOnlyWhatWasWrittenAfterOpeningAndOnlyWholeLines() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "before the run\n");
        FileTailSource source = new FileTailSource(log);
        source.open();
        append(log, "first\r\nsecond\nthird without its end");
        assertThat(source.since(0)).extracting(LogRecord::text).containsExactly("first", "second");
        append(log, " yet\n");
        assertThat(source.since(0)).extracting(LogRecord::text).containsExactly("first", "second", "third without its end yet");
    }

    @Test
    void aFileRotatedByRenameIsFollowedToTheNewFile() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, "old line\n");
        FileTailSource source = new FileTailSource(log);
        source.open();
        append(log, "last of the old file\n");
        assertThat(source.since(0)).extracting(LogRecord::text).containsExactly("last of the old file");
        Files.move(log, dir.resolve("maillog.1"));
        append(log, "first of the new file, which is longer than the old one was\n");
        assertThat(source.since(0)).extracting(LogRecord::text)
                .containsExactly("last of the old file", "first of the new file, which is longer than the old one was");
    }

    @Test
    void aMissingFileIsEmptyUntilWrittenAndATruncatedFileIsReadFromItsStart() throws IOException {
        Path log = dir.resolve("later");
        FileTailSource source = new FileTailSource(log);
        source.open();
        assertThat(source.since(0)).isEmpty();
        append(log, "one\ntwo\n");
        long mark = source.mark();
        Files.writeString(log, "new\n", StandardCharsets.UTF_8); // shorter than before: truncated, then written
        assertThat(source.since(mark)).extracting(LogRecord::text).containsExactly("new");
    }
}
