package dev.esakit.engine.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Operator commands for a running engine, through a control directory in the spool ({@code DIR/control}).
 * Why a directory and not a port: it needs no address, its permissions are the spool's, and a request left
 * while the engine is down is applied when it starts, as an ESA applies queued commands.
 *
 * <p>Protocol: the client writes {@code <id>.tmp} and renames it to {@code <id>.req} (so the engine never
 * reads half a request); the engine, woken by the file system (inotify on Linux), runs it and answers the
 * same way with {@code <id>.resp}, first line {@code ok} or {@code error: ...}. The engine writes its process
 * id to {@code engine.pid} while it runs. Commands: {@code list}, {@code deliver-now [DOMAIN]},
 * {@code bounce MID}, {@code delete MID}.
 */
public final class QueueControl implements AutoCloseable {
    public static final String DIRECTORY = "control";
    private static final String PID_FILE = "engine.pid";

    private final Path dir;
    private final DeliveryQueue queue;
    private final ZoneId zone;
    private final WatchService watcher;
    private final Thread thread;

    private QueueControl(Path spoolDir, DeliveryQueue queue, ZoneId zone) throws IOException {
        this.dir = spoolDir.resolve(DIRECTORY);
        this.queue = queue;
        this.zone = zone;
        Files.createDirectories(dir);
        this.watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        writeAtomically(dir.resolve(PID_FILE), String.valueOf(ProcessHandle.current().pid()));
        this.thread = new Thread(this::watchLoop, "queue-control");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts answering requests in {@code spoolDir/control}, beginning with any left while the engine was down. */
    public static QueueControl watch(Path spoolDir, DeliveryQueue queue) {
        return watch(spoolDir, queue, ZoneId.systemDefault());
    }

    public static QueueControl watch(Path spoolDir, DeliveryQueue queue, ZoneId zone) {
        try {
            return new QueueControl(spoolDir, queue, zone);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch control directory " + spoolDir.resolve(DIRECTORY), e);
        }
    }

    private void watchLoop() {
        processWaiting();
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents(); // which file does not matter: every waiting request is answered
            processWaiting();
            if (!key.reset()) {
                return;
            }
        }
    }

    private void processWaiting() {
        try (DirectoryStream<Path> requests = Files.newDirectoryStream(dir, "*.req")) {
            for (Path request : requests) {
                answer(request);
            }
        } catch (IOException e) {
            // The directory went away (spool removed under a running engine): nothing left to answer.
        }
    }

    private void answer(Path request) throws IOException {
        String id = request.getFileName().toString().replaceFirst("\\.req$", "");
        String command;
        try {
            command = Files.readString(request, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(request);
        } catch (IOException e) {
            return; // taken by a concurrent pass
        }
        String reply;
        try {
            reply = "ok\n" + execute(command);
        } catch (RuntimeException e) {
            reply = "error: " + e.getMessage() + "\n";
        }
        writeAtomically(dir.resolve(id + ".resp"), reply);
    }

    /** Runs one command against the queue and returns its text. */
    String execute(String command) {
        String[] words = command.split("\\s+");
        switch (words[0]) {
            case "list" -> {
                return QueueListing.format(queue.list(), zone);
            }
            case "deliver-now" -> {
                int n = queue.deliverNow(words.length > 1 ? words[1] : null);
                return n + (n == 1 ? " message" : " messages") + " due now\n";
            }
            case "bounce" -> {
                long mid = mid(words, command);
                return queue.bounce(mid) ? "MID " + mid + " bounced\n" : "MID " + mid + " is not in the queue\n";
            }
            case "delete" -> {
                long mid = mid(words, command);
                return queue.delete(mid) ? "MID " + mid + " deleted\n" : "MID " + mid + " is not in the queue\n";
            }
            default -> throw new IllegalArgumentException("unknown command '" + command
                    + "' (known: list, deliver-now [DOMAIN], bounce MID, delete MID)");
        }
    }

    private static long mid(String[] words, String command) {
        if (words.length != 2 || !words[1].matches("\\d{1,18}")) {
            throw new IllegalArgumentException("'" + command + "': expected a MID, e.g. '" + words[0] + " 42'");
        }
        return Long.parseLong(words[1]);
    }

    @Override
    public void close() {
        try {
            watcher.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close control directory " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the client side, used by ./conformance queue ----

    /** True when an engine process that is still alive has this spool open. */
    public static boolean engineRunning(Path spoolDir) {
        Path pid = spoolDir.resolve(DIRECTORY).resolve(PID_FILE);
        try {
            long p = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * Hands a command to the engine and waits for its answer. Empty when no answer came within {@code timeout};
     * the request then stays for the engine to apply when it (re)starts.
     */
    public static Optional<String> send(Path spoolDir, String command, Duration timeout) {
        Path dir = spoolDir.resolve(DIRECTORY);
        String id = UUID.randomUUID().toString();
        Path response = dir.resolve(id + ".resp");
        try {
            Files.createDirectories(dir);
            try (WatchService ws = dir.getFileSystem().newWatchService()) {
                dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
                writeAtomically(dir.resolve(id + ".req"), command + "\n");
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!Files.exists(response)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.empty();
                    }
                    WatchKey key = ws.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
            String text = Files.readString(response, StandardCharsets.UTF_8);
            Files.deleteIfExists(response);
            return Optional.of(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use control directory " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Leaves a command for the engine to apply when it next starts. */
    public static void leave(Path spoolDir, String command) {
        Path dir = spoolDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(UUID.randomUUID() + ".req"), command + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use control directory " + dir, e);
        }
    }

    /** Commands the engine understands, for the CLI to check before it sends. */
    public static List<String> commands() {
        return List.of("list", "deliver-now [DOMAIN]", "bounce MID", "delete MID");
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
