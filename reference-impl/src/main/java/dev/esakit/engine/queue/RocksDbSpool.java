package dev.esakit.engine.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The spool on RocksDB (the store KumoMTA spools to). Envelope, body location and state of a message are separate
 * keys ({@link SpoolRecords}), so a state change rewrites a few bytes, never the body; the bodies themselves are
 * in {@link BodySegments}, written once.
 *
 * <p>Group commit: one writer thread takes every batch waiting in {@link #pending}, folds them into one
 * {@link WriteBatch} and writes it with {@code sync=true}: one WAL append and one fsync for all of them. Under
 * load, concurrent 250s share an fsync; a lone message still gets its own at once (no timer adds latency).
 * A crash before the fsync loses only batches whose futures had not completed, that is, messages not yet
 * acknowledged. RocksDB's WAL recovery drops a torn tail record.
 */
public final class RocksDbSpool implements Spool {
    /** Batches folded into one write at most, so one huge burst cannot hold every sender for long. */
    private static final int MAX_GROUP = 1024;
    /**
     * A body shorter than this stays in RocksDB, beside its envelope: a group of small messages then needs one
     * fsync, not one for RocksDB and one for the body segment. Past a few KiB, RocksDB's passes over a body
     * (WAL, memtable, flush, compaction) cost more than the second fsync.
     */
    static final int INLINE_BODY_BYTES = 8 * 1024;
    /** The size of a body segment file, unless {@link #open(Path, long)} says otherwise. */
    public static final long SEGMENT_BYTES = BodySegments.SEGMENT_BYTES;

    static {
        RocksDB.loadLibrary();
    }

    private record Pending(SpoolBatch batch, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final Path dir;
    private final Options options;
    private final WriteOptions syncWrite;
    private final WriteOptions lazyWrite;
    private final RocksDB db;
    private final BodySegments bodies;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ReadWriteLock open = new ReentrantReadWriteLock();
    private final AtomicLong highestMid = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private boolean closed;

    private RocksDbSpool(Path dir, long segmentBytes) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            // No block compression (RocksDB's default is Snappy): the records are small and short-lived. While the
            // bodies were in RocksDB, Snappy at flush, compaction and read was a fifth of the engine's CPU relaying
            // 100 KiB messages. Blocks compressed by an older engine stay readable: the type is kept per block.
            this.options = new Options().setCreateIfMissing(true).setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(2).setCompressionType(CompressionType.NO_COMPRESSION);
            this.db = RocksDB.open(options, databasePath(dir).toString());
            byte[] h = db.get(SpoolRecords.HIGHEST_MID);
            highestMid.set(h == null ? 0 : SpoolRecords.decodeLong(h));
            this.bodies = new BodySegments(bodiesPath(dir), segmentBytes);
            bodies.recovered(bodyLocations(db, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + dir, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open spool " + databasePath(dir) + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("lock") ? " (is an engine already running on it?)" : ""),
                    e);
        }
        this.syncWrite = new WriteOptions().setSync(true);
        this.lazyWrite = new WriteOptions().setSync(false);
        this.writer = new Thread(this::writeLoop, "spool-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens (or creates) the spool in {@code dir}; one engine at a time (RocksDB holds a lock file). */
    public static RocksDbSpool open(Path dir) {
        return new RocksDbSpool(dir, BodySegments.SEGMENT_BYTES);
    }

    /** With body segments of {@code segmentBytes}: small ones let a test see segments roll, compact and go. */
    public static RocksDbSpool open(Path dir, long segmentBytes) {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("body segments of " + segmentBytes + " bytes for spool " + dir);
        }
        return new RocksDbSpool(dir, segmentBytes);
    }

    static Path bodiesPath(Path dir) {
        return dir.resolve("bodies");
    }

    static Path databasePath(Path dir) {
        return dir.resolve("db");
    }

    /** Reads the held messages of a spool without taking it over: for {@code queue list} with no engine running. */
    public static List<SpooledMessage> readOnly(Path dir) {
        Path db = databasePath(dir);
        if (!Files.isDirectory(db)) {
            throw new IllegalArgumentException(dir + ": not a spool (no " + db.getFileName() + " directory)");
        }
        try (Options o = new Options().setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
             RocksDB ro = RocksDB.openReadOnly(o, db.toString())) {
            return scan(ro, dir);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read spool " + db + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> commit(SpoolBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        open.readLock().lock();
        try {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("spool " + dir + " is closed"));
            } else {
                pending.add(new Pending(batch, done));
            }
        } finally {
            open.readLock().unlock();
        }
        return done;
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(group, MAX_GROUP - 1);
            boolean stop = group.remove(STOP);
            if (!group.isEmpty()) {
                writeGroup(group);
                compact();
            }
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    private void writeGroup(List<Pending> group) {
        List<BodySegments.Location> freed = new ArrayList<>();
        List<BodySegments.Location> appended = new ArrayList<>();
        Set<Long> freedMids = new HashSet<>();
        try (WriteBatch wb = new WriteBatch()) {
            long highest = highestMid.get();
            boolean newMessages = false;
            for (Pending p : group) {
                newMessages |= !p.batch().added().isEmpty();
                for (SpoolBatch.NewMessage m : p.batch().added()) {
                    long mid = m.message().mid();
                    wb.put(SpoolRecords.key(SpoolRecords.ENVELOPE, mid), SpoolRecords.envelope(m.message()));
                    if (m.content().length < INLINE_BODY_BYTES) {
                        wb.put(SpoolRecords.key(SpoolRecords.BODY, mid), m.content());
                    } else {
                        BodySegments.Location at = bodies.append(m.content());
                        appended.add(at);
                        wb.put(SpoolRecords.key(SpoolRecords.BODY_AT, mid), SpoolRecords.location(at));
                    }
                    wb.put(SpoolRecords.key(SpoolRecords.STATE, mid), SpoolRecords.state(m.state()));
                    highest = Math.max(highest, mid);
                }
                for (MessageState s : p.batch().states()) {
                    wb.put(SpoolRecords.key(SpoolRecords.STATE, s.mid()), SpoolRecords.state(s));
                }
                for (SpoolBatch.Removal r : p.batch().removed()) {
                    long mid = r.mid();
                    // Read before this group's write: a MID removed twice in one group must free its body once,
                    // or its segment would be deleted under bodies still held.
                    byte[] at = freedMids.add(mid) && r.inSegment()
                            ? db.get(SpoolRecords.key(SpoolRecords.BODY_AT, mid)) : null;
                    if (at != null) {
                        freed.add(SpoolRecords.location(at, dir + " MID " + mid));
                    }
                    wb.delete(SpoolRecords.key(SpoolRecords.ENVELOPE, mid));
                    wb.delete(SpoolRecords.key(SpoolRecords.BODY_AT, mid));
                    wb.delete(SpoolRecords.key(SpoolRecords.BODY, mid));
                    wb.delete(SpoolRecords.key(SpoolRecords.STATE, mid));
                }
            }
            if (highest > highestMid.get()) {
                wb.put(SpoolRecords.HIGHEST_MID, SpoolRecords.encodeLong(highest));
            }
            // Only a new message (one answered 250, or a DSN) must reach the disk before its future completes:
            // its body first, then the records that point to it. A state change or removal may sit in the OS's
            // page cache until the next synced write: a process crash keeps it, and a power loss can only undo
            // it, so the message is tried again (at least once, as Postfix, whose queue-file unlink is not
            // synced either), never lost. Half the fsyncs under load.
            if (newMessages) {
                bodies.sync(); // nothing to do when every body of the group is small
            }
            db.write(newMessages ? syncWrite : lazyWrite, wb);
            highestMid.accumulateAndGet(highest, Math::max);
            freed.forEach(bodies::released);
            if (newMessages) {
                syncs.incrementAndGet();
                bodies.deleteDead(); // the removals that freed them are on disk now
            }
            batches.addAndGet(group.size());
            group.forEach(p -> p.done().complete(null));
        } catch (RocksDBException | RuntimeException e) {
            appended.forEach(bodies::released); // nothing points to them: garbage, which goes with its segment
            IllegalStateException failure = new IllegalStateException("cannot write spool " + dir + ": " + e, e);
            group.forEach(p -> p.done().completeExceptionally(failure));
        }
    }

    /** A body compaction copies: the message, where the body was, where its copy is. */
    private record Move(long mid, BodySegments.Location from, BodySegments.Location to) {
    }

    /**
     * Moves the live bodies of old, mostly empty segments ({@link BodySegments#toCompact}) to the current one: one
     * synced write points their messages to the copies, then the old segments go. It runs on the writer thread
     * between groups, so no removal runs beside it; a reader that took a pointer just before the move reads
     * again ({@link #content}). A segment holding a body that cannot be read back stays as it is. A failure
     * leaves every pointer as it was; the copies are then garbage, which goes with its segment.
     */
    private void compact() {
        Set<Long> from = bodies.toCompact();
        if (from.isEmpty()) {
            return;
        }
        List<Move> moves = new ArrayList<>();
        try {
            for (var segment : pointersInto(from).entrySet()) {
                List<Move> segmentMoves = new ArrayList<>();
                try {
                    for (var body : segment.getValue().entrySet()) {
                        byte[] content = bodies.read(body.getValue(), body.getKey());
                        segmentMoves.add(new Move(body.getKey(), body.getValue(), bodies.append(content)));
                    }
                } catch (IllegalStateException unreadable) {
                    segmentMoves.forEach(m -> bodies.released(m.to()));
                    bodies.unmovable(segment.getKey());
                    System.err.println("esakit: spool " + dir + ": a body segment is not compacted: "
                            + unreadable.getMessage());
                    continue;
                }
                moves.addAll(segmentMoves);
            }
            if (moves.isEmpty()) {
                return;
            }
            try (WriteBatch wb = new WriteBatch()) {
                for (Move m : moves) {
                    wb.put(SpoolRecords.key(SpoolRecords.BODY_AT, m.mid()), SpoolRecords.location(m.to()));
                }
                bodies.sync();
                db.write(syncWrite, wb);
            }
        } catch (RocksDBException | RuntimeException e) {
            moves.forEach(m -> bodies.released(m.to()));
            System.err.println("esakit: spool " + dir + ": body segment compaction failed, the bodies stay: " + e);
            return;
        }
        moves.forEach(m -> bodies.released(m.from()));
        bodies.deleteDead(); // the write that pointed to the copies was synced
    }

    /** The bodies in each of {@code segments}, by MID. */
    private Map<Long, Map<Long, BodySegments.Location>> pointersInto(Set<Long> segments) {
        Map<Long, Map<Long, BodySegments.Location>> found = new TreeMap<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {SpoolRecords.BODY_AT}); it.isValid() && it.key()[0] == SpoolRecords.BODY_AT;
                 it.next()) {
                long mid = SpoolRecords.midOf(it.key());
                BodySegments.Location l = SpoolRecords.location(it.value(), dir + " MID " + mid);
                if (segments.contains(l.segment())) {
                    found.computeIfAbsent(l.segment(), n -> new TreeMap<>()).put(mid, l);
                }
            }
        }
        return found;
    }

    private static List<BodySegments.Location> bodyLocations(RocksDB db, Path dir) {
        List<BodySegments.Location> found = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {SpoolRecords.BODY_AT}); it.isValid() && it.key()[0] == SpoolRecords.BODY_AT;
                 it.next()) {
                found.add(SpoolRecords.location(it.value(), dir + " MID " + SpoolRecords.midOf(it.key())));
            }
        }
        return found;
    }

    @Override
    public byte[] content(long mid) {
        open.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("spool " + dir + " is closed");
            }
            byte[] at = db.get(SpoolRecords.key(SpoolRecords.BODY_AT, mid));
            if (at != null) {
                try {
                    return bodies.read(SpoolRecords.location(at, dir + " MID " + mid), mid);
                } catch (IllegalStateException e) {
                    // Compaction may have moved the body, and deleted its old segment, since the pointer was read.
                    byte[] now = db.get(SpoolRecords.key(SpoolRecords.BODY_AT, mid));
                    if (now == null || Arrays.equals(now, at)) {
                        throw e;
                    }
                    return bodies.read(SpoolRecords.location(now, dir + " MID " + mid), mid);
                }
            }
            byte[] body = db.get(SpoolRecords.key(SpoolRecords.BODY, mid)); // a small body, or an older engine's
            if (body == null) {
                throw new IllegalStateException(dir + ": MID " + mid + " has no body in the spool");
            }
            return body;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read MID " + mid + " from spool " + dir + ": " + e, e);
        } finally {
            open.readLock().unlock();
        }
    }

    @Override
    public List<SpooledMessage> recover() {
        return scan(db, dir);
    }

    private static List<SpooledMessage> scan(RocksDB db, Path dir) {
        List<SpooledMessage> found = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {SpoolRecords.ENVELOPE}); it.isValid() && it.key()[0] == SpoolRecords.ENVELOPE;
                 it.next()) {
                long mid = SpoolRecords.midOf(it.key());
                String where = dir + " MID " + mid;
                QueuedMessage message = SpoolRecords.envelope(it.value(), where);
                byte[] state = db.get(SpoolRecords.key(SpoolRecords.STATE, mid));
                if (state == null) {
                    throw new IllegalStateException(where + ": envelope without a state record");
                }
                found.add(new SpooledMessage(message, SpoolRecords.state(state, where)));
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot recover spool " + dir + ": " + e, e);
        }
        return found;
    }

    @Override
    public long highestMid() {
        return highestMid.get();
    }

    @Override
    public long reservedIds(String counter) {
        try {
            byte[] v = db.get(SpoolRecords.reservedIdsKey(counter));
            return v == null ? 0 : SpoolRecords.decodeLong(v);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the " + counter + " reservation of spool " + dir + ": " + e, e);
        }
    }

    @Override
    public void reserveIds(String counter, long upTo) {
        // Its own key and a direct synced write, beside the writer's groups: a reservation never waits for a
        // group, and no group can lower it.
        try {
            db.put(syncWrite, SpoolRecords.reservedIdsKey(counter), SpoolRecords.encodeLong(upTo));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot reserve " + counter + "s up to " + upTo + " in spool " + dir
                    + ": " + e, e);
        }
    }

    /** Synced writes so far: with {@link #batchesWritten()}, the fsyncs per message under load. */
    public long syncs() {
        return syncs.get();
    }

    public long batchesWritten() {
        return batches.get();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pending.add(STOP);
        } finally {
            open.writeLock().unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.writeLock().lock();
        try {
            try {
                db.syncWal(); // removals written unsynced are durable now: their dead segments can go
                bodies.deleteDead();
            } catch (RocksDBException e) {
                // dead segments stay; the next start-up deletes what nothing points to
            }
            // The memtable to a table file, so that the next start does not replay the write-ahead log: with
            // 100,000 held messages that replay was most of a 2 s restart. After a crash it still replays.
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
            } catch (RocksDBException e) {
                // the next start replays the log instead
            }
            bodies.close();
            db.close();
            syncWrite.close();
            lazyWrite.close();
            options.close();
        } finally {
            open.writeLock().unlock();
        }
    }
}
