package dev.esakit.engine.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Message bodies in append-only segment files beside the RocksDB spool, which keeps only where each body lies
 * ({@link Location}). A body is written once, synced once with its group, read once per attempt and dropped with
 * its segment. Kept in RocksDB, a 100 KiB body went through the WAL, the memtable, a flush and compactions, each
 * with a software CRC32C: a third of the engine's CPU relaying 100 KiB messages under a backlog.
 *
 * <p>Crash safety rests on order: the {@link RocksDbSpool} writer syncs the segment before the synced RocksDB
 * write that points into it, so a pointer never outlives its bytes. Bytes without a pointer (a crash between the
 * two) are garbage, collected at start-up. A segment whose bodies are all removed is deleted only after a later
 * synced write, because removals are written unsynced: a power loss may bring a removal back, and its body
 * must still be there. Segments are never appended to after a restart.
 *
 * <p>Compaction: a body held for days (its destination down) would keep its whole segment on disk, and with it
 * the up to 64 MiB of bodies written around it. So once a segment is {@link #COMPACT_AFTER_ROLLS} segments old
 * and at most half of it is still live, the spool moves its live bodies to the current segment
 * ({@link #toCompact}): the disk then holds at most about twice the live bytes, plus the newest segments.
 *
 * <p>Threads: {@link #append}, {@link #sync}, {@link #released}, {@link #deleteDead} and {@link #toCompact} run
 * on the spool's writer thread only; {@link #read} runs on any thread.
 */
final class BodySegments implements AutoCloseable {
    /** Where one body lies, and its CRC32C (the intrinsic one: a few µs for 100 KiB). */
    record Location(long segment, long offset, int length, int crc) {
    }

    /** The bodies of a segment the spool still points to. */
    private static final class Live {
        int bodies;
        long bytes;

        void add(int sign, int length) {
            bodies += sign;
            bytes += (long) sign * length;
        }
    }

    /** A segment is closed for appends once it is this long. */
    static final long SEGMENT_BYTES = 64L << 20;
    /**
     * A segment is compacted only once this many newer ones were started: by then the bodies still in it are held
     * ones, not ones whose attempt is under way (compacting a segment just closed would copy bodies about to go).
     */
    static final int COMPACT_AFTER_ROLLS = 2;

    private final Path dir;
    private final long segmentBytes;
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    /** What each segment still holds: the bodies the spool points to, and their bytes. */
    private final Map<Long, Live> live = new HashMap<>();
    /** Segments holding a body that cannot be read back: moving the others would not free them. */
    private final Set<Long> unmovable = new HashSet<>();
    private boolean rolled;
    private final List<Long> dead = new ArrayList<>();
    private long current;
    private FileChannel writer;
    private long writePosition;
    private boolean dirty;

    BodySegments(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                current = files.map(BodySegments::segmentOf).filter(n -> n >= 0).max(Long::compare).orElse(0L);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open body segments in " + dir, e);
        }
    }

    /** At start-up: the bodies the spool still points to. Segments none of them is in are deleted. */
    void recovered(List<Location> pointed) {
        for (Location l : pointed) {
            live.computeIfAbsent(l.segment(), n -> new Live()).add(1, l.length());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                long n = segmentOf(f);
                if (n >= 0 && !live.containsKey(n)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean body segments in " + dir, e);
        }
    }

    Location append(byte[] body) {
        try {
            if (writer == null || writePosition + body.length > segmentBytes && writePosition > 0) {
                roll();
            }
            CRC32C crc = new CRC32C();
            crc.update(body);
            Location at = new Location(current, writePosition, body.length, (int) crc.getValue());
            ByteBuffer src = ByteBuffer.wrap(body);
            while (src.hasRemaining()) {
                writePosition += writer.write(src, writePosition);
            }
            live.computeIfAbsent(current, n -> new Live()).add(1, body.length);
            dirty = true;
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write body segment " + file(current), e);
        }
    }

    private void roll() throws IOException {
        if (writer != null) {
            writer.force(false); // its last bodies may not have been synced yet; nothing is appended to it again
            writer.close();
            if (!live.containsKey(current)) {
                dead.add(current);
            }
        }
        current++;
        rolled = true;
        writer = FileChannel.open(file(current), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writePosition = 0;
        // The new file's directory entry must survive a power loss too, before anything points into it.
        syncDirectory();
    }

    /** Makes every appended body durable: before the RocksDB write that points to them. */
    void sync() {
        if (writer == null || !dirty) {
            return;
        }
        try {
            writer.force(false);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync body segment " + file(current), e);
        }
    }

    /** The spool removed the message whose body is {@code l}; its segment is dead once none is left. */
    void released(Location l) {
        Live left = live.get(l.segment());
        if (left == null) {
            return; // its segment was dead already
        }
        left.add(-1, l.length());
        if (left.bodies <= 0) {
            live.remove(l.segment());
            unmovable.remove(l.segment());
            if (l.segment() != current) {
                dead.add(l.segment());
            }
        }
    }

    /**
     * Once a segment was started since the last call: the old segments whose live bodies should move to the
     * current one, emptiest first, at most a segment's worth of bytes to move (the writer thread, and every
     * sender waiting for a 250, waits for the move).
     */
    Set<Long> toCompact() {
        if (!rolled) {
            return Set.of();
        }
        rolled = false;
        Set<Long> chosen = new HashSet<>();
        long budget = segmentBytes;
        List<Long> candidates = live.keySet().stream()
                .filter(n -> n <= current - COMPACT_AFTER_ROLLS && !unmovable.contains(n))
                .filter(n -> live.get(n).bytes <= segmentBytes / 2)
                .sorted(Comparator.comparingLong(n -> live.get(n).bytes)).toList();
        for (long n : candidates) {
            long bytes = live.get(n).bytes;
            if (bytes > budget) {
                break;
            }
            budget -= bytes;
            chosen.add(n);
        }
        return chosen;
    }

    /** A body in segment {@code n} cannot be read back: the segment stays until that body's message goes. */
    void unmovable(long n) {
        unmovable.add(n);
    }

    /** After a synced write: every removal before it is durable, so dead segments can go. */
    void deleteDead() {
        for (long n : dead) {
            FileChannel r = readers.remove(n);
            try {
                if (r != null) {
                    r.close();
                }
                Files.deleteIfExists(file(n));
            } catch (IOException e) {
                // left for the next start-up, which deletes segments nothing points to
            }
        }
        dead.clear();
    }

    byte[] read(Location l, long mid) {
        byte[] body = new byte[l.length()];
        try {
            FileChannel ch = readers.computeIfAbsent(l.segment(), n -> {
                try {
                    return FileChannel.open(file(n), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ByteBuffer dst = ByteBuffer.wrap(body);
            while (dst.hasRemaining()) {
                if (ch.read(dst, l.offset() + dst.position()) < 0) {
                    throw new IOException("segment ends at " + (l.offset() + dst.position()));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read the body of MID " + mid + " from " + file(l.segment())
                    + " at " + l.offset() + ": " + (e.getCause() != null ? e.getCause() : e), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        if ((int) crc.getValue() != l.crc()) {
            throw new IllegalStateException("the body of MID " + mid + " in " + file(l.segment()) + " at "
                    + l.offset() + " is damaged (CRC32C mismatch)");
        }
        return body;
    }

    private Path file(long n) {
        return dir.resolve(String.format("%016d.seg", n));
    }

    private static long segmentOf(Path f) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".seg")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync directory " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            if (writer != null) {
                writer.force(false);
                writer.close();
            }
            for (FileChannel r : readers.values()) {
                r.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close body segments in " + dir, e);
        }
    }
}
