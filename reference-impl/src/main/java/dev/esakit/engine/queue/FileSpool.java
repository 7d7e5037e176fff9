package dev.esakit.engine.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A spool written the way Postfix writes its queue: each message to a temporary file, fsync, rename into
 * {@code active/}, fsync of the directory. A crash before the rename leaves only a temporary file, which
 * recovery deletes: that message was never acknowledged. Writes run on one spool thread, off the event loops.
 */
public final class FileSpool implements Spool {
    private static final String MAGIC = "ESAKIT-SPOOL 1";

    private final Path active;
    private final Path incoming;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spool-writer");
        t.setDaemon(true);
        return t;
    });

    public FileSpool(Path dir) {
        this.active = dir.resolve("active");
        this.incoming = dir.resolve("incoming");
        try {
            Files.createDirectories(active);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool " + dir, e);
        }
    }

    @Override
    public CompletableFuture<Void> store(QueuedMessage message, byte[] content) {
        return CompletableFuture.runAsync(() -> write(message, content), writer);
    }

    private void write(QueuedMessage message, byte[] content) {
        Path tmp = incoming.resolve(message.mid() + ".tmp");
        Path done = active.resolve(message.mid() + ".msg");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(header(message)));
                ch.write(ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(active);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool MID " + message.mid() + " to " + done, e);
        }
    }

    private static byte[] header(QueuedMessage m) {
        StringBuilder h = new StringBuilder(MAGIC).append('\n')
                .append(m.mid()).append('\n')
                .append(m.arrived().toEpochMilli()).append('\n')
                .append(m.size()).append('\n')
                .append(m.sender()).append('\n')
                .append(m.recipients().size()).append('\n');
        m.recipients().forEach(r -> h.append(r).append('\n'));
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public byte[] content(long mid) {
        Path file = active.resolve(mid + ".msg");
        try {
            byte[] all = Files.readAllBytes(file);
            return new Parsed(all, file).content();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spooled MID " + mid + " from " + file, e);
        }
    }

    @Override
    public void remove(long mid) {
        try {
            Files.deleteIfExists(active.resolve(mid + ".msg"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove spooled MID " + mid, e);
        }
    }

    @Override
    public List<QueuedMessage> recover() {
        List<QueuedMessage> found = new ArrayList<>();
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(incoming, "*.tmp")) {
            for (Path p : tmp) {
                Files.deleteIfExists(p); // never acknowledged: the crash came before the rename
            }
            try (DirectoryStream<Path> msgs = Files.newDirectoryStream(active, "*.msg")) {
                for (Path p : msgs) {
                    found.add(new Parsed(Files.readAllBytes(p), p).message());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover spool " + active.getParent(), e);
        }
        found.sort(Comparator.comparingLong(QueuedMessage::mid));
        return found;
    }

    @Override
    public void close() {
        writer.shutdown();
    }

    /** A spool file split into its header fields and its content. */
    private static final class Parsed {
        private final List<String> fields = new ArrayList<>();
        private final byte[] all;
        private final int contentStart;
        private final Path file;

        Parsed(byte[] all, Path file) {
            this.all = all;
            this.file = file;
            int pos = 0;
            int wanted = 6;
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            while (fields.size() < wanted) {
                if (pos >= all.length) {
                    throw new IllegalStateException(file + ": spool file is truncated in its header");
                }
                byte b = all[pos++];
                if (b == '\n') {
                    fields.add(field.toString(StandardCharsets.UTF_8));
                    field.reset();
                    if (fields.size() == 6) {
                        if (!MAGIC.equals(fields.get(0))) {
                            throw new IllegalStateException(file + ": not a spool file (no '" + MAGIC + "')");
                        }
                        wanted += Integer.parseInt(fields.get(5));
                    }
                } else {
                    field.write(b);
                }
            }
            this.contentStart = pos;
        }

        QueuedMessage message() {
            return new QueuedMessage(Long.parseLong(fields.get(1)), fields.get(4),
                    fields.subList(6, fields.size()), Instant.ofEpochMilli(Long.parseLong(fields.get(2))),
                    Long.parseLong(fields.get(3)));
        }

        byte[] content() {
            byte[] out = new byte[all.length - contentStart];
            System.arraycopy(all, contentStart, out, 0, out.length);
            return out;
        }
    }
}
