package dev.esakit.harness.target.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of a profile's commands (start, stop, apply, reset) to completion, bounded in time. A command that
 * fails or hangs becomes an error that names it, its exit status and the end of its output.
 */
final class ProfileCommand {
    private ProfileCommand() {
    }

    static void run(String what, List<String> command, Path workDir, Duration limit) {
        output(what, command, workDir, limit);
    }

    /** Runs the command like {@link #run} and returns what it printed. */
    static String output(String what, List<String> command, Path workDir, Duration limit) {
        if (command.isEmpty()) {
            return "";
        }
        Path output;
        try {
            output = java.nio.file.Files.createTempFile("esakit-command-", ".out");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Output goes to a file, not a pipe: a daemon the command starts (Postfix's master) may keep a pipe
        // open long after the command itself has finished.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(what + " command " + command + " cannot start: " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " command " + command + " did not finish within " + limit);
            }
            if (p.exitValue() != 0) {
                String text = java.nio.file.Files.readString(output, StandardCharsets.UTF_8).strip();
                throw new IllegalStateException(what + " command " + command + " failed with exit status "
                        + p.exitValue() + (text.isEmpty() ? "" : ":\n" + tail(text)));
            }
            return java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(what + " command " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " command " + command + " was interrupted", e);
        } finally {
            output.toFile().delete();
        }
    }

    private static String tail(String text) {
        return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
    }
}
