package dev.esakit.engine.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code mail.current} file in a log directory. Lines are flushed one by one so that a reader tailing the
 * file (the harness, an operator) sees each line as soon as the engine has written it.
 */
public final class MailLogFile implements LogSink {
    public static final String CURRENT = "mail.current";

    private final Path path;
    private final BufferedWriter out;

    public MailLogFile(Path logDir) {
        this.path = logDir.resolve(CURRENT);
        try {
            Files.createDirectories(logDir);
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open mail log " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write mail log " + path, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close mail log " + path, e);
        }
    }
}
