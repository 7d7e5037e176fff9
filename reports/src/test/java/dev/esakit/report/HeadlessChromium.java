package dev.esakit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's chromium, driven from the command line as a person's browser would open a file. Every call gets
 * a fresh profile directory and turns off everything that could reach the network.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    /** A hang guard, not a speed bound: a cold start on a loaded 2-core CI machine takes a few seconds. */
    private static final long TIMEOUT_SECONDS = 90;

    private HeadlessChromium() {
    }

    /** Fails the test (never skips it) when the browser is missing: CI installs it, so absence is a setup fault. */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            fail("Headless Chromium is required for the report's browser test but " + BINARY + " is missing. "
                    + "Install it with: apt-get update && apt-get install -y chromium "
                    + "(.ci/run does this), or point -Dchromium.binary=<path> at another build.");
        }
    }

    /**
     * Loads the page once, keeping a screenshot of the window, and returns the DOM after the load as Chromium
     * serialises it. One launch does both, which halves the browser's share of the build time.
     */
    static String open(Path html, Path png, int width, int height) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        String dom = run(html, List.of("--dump-dom", "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height, "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            fail("Chromium exited without writing the screenshot " + png);
        }
        if (!dom.contains("</html>")) {
            fail("Chromium dumped no DOM for " + html + ":\n" + dom);
        }
        return dom;
    }

    private static String run(Path html, List<String> action) throws Exception {
        requireInstalled();
        Path profile = Files.createTempDirectory("esakit-chromium-");
        Path stderr = Files.createTempFile("esakit-chromium-", ".log");
        // Output goes to files, not pipes, so that a hung browser cannot block the read past the timeout.
        Path stdout = Files.createTempFile("esakit-chromium-", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile));
            command.addAll(action);
            command.add(html.toAbsolutePath().toUri().toString());
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                fail("Chromium exited with " + process.exitValue() + ": " + command + "\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            deleteTree(profile);
            Files.deleteIfExists(stderr);
            Files.deleteIfExists(stdout);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
