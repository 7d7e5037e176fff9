package dev.esakit.engine.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary forms of spool keys and values. A key is a one-byte kind and the MID in big-endian, so one kind
 * sorts by MID. Values start with a format version, so a later engine can tell an old record from a broken one.
 */
final class SpoolRecords {
    static final byte ENVELOPE = 'E';
    /** A body kept in RocksDB itself: a small one, or any one an engine before {@link BodySegments} wrote. */
    static final byte BODY = 'B';
    /** Where a large body lies in the {@link BodySegments}. */
    static final byte BODY_AT = 'P';
    static final byte STATE = 'S';
    static final byte[] HIGHEST_MID = {'H'};
    static final byte RESERVED_IDS = 'R';
    private static final int VERSION = 1;

    private SpoolRecords() {
    }

    static byte[] reservedIdsKey(String counter) {
        byte[] name = counter.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + name.length).put(RESERVED_IDS).put(name).array();
    }

    static byte[] key(byte kind, long mid) {
        return ByteBuffer.allocate(9).put(kind).putLong(mid).array();
    }

    static long midOf(byte[] key) {
        return ByteBuffer.wrap(key, 1, 8).getLong();
    }

    static byte[] encodeLong(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long decodeLong(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    static byte[] envelope(QueuedMessage m) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeLong(m.mid());
            out.writeLong(m.arrived().toEpochMilli());
            out.writeLong(m.size());
            string(out, m.sender());
            out.writeInt(m.recipients().size());
            for (String r : m.recipients()) {
                string(out, r);
            }
        });
    }

    static QueuedMessage envelope(byte[] value, String where) {
        return read(value, where, in -> {
            version(in, where);
            long mid = in.readLong();
            Instant arrived = Instant.ofEpochMilli(in.readLong());
            long size = in.readLong();
            String sender = string(in);
            int n = in.readInt();
            List<String> rcpts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rcpts.add(string(in));
            }
            return new QueuedMessage(mid, sender, rcpts, arrived, size);
        });
    }

    static byte[] location(BodySegments.Location l) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeLong(l.segment());
            out.writeLong(l.offset());
            out.writeInt(l.length());
            out.writeInt(l.crc());
        });
    }

    static BodySegments.Location location(byte[] value, String where) {
        return read(value, where, in -> {
            version(in, where);
            long segment = in.readLong();
            long offset = in.readLong();
            int length = in.readInt();
            int crc = in.readInt();
            if (segment < 0 || offset < 0 || length < 0) {
                throw new IOException("body location out of range: segment " + segment + " offset " + offset
                        + " length " + length);
            }
            return new BodySegments.Location(segment, offset, length, crc);
        });
    }

    static byte[] state(MessageState s) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeLong(s.mid());
            out.writeBoolean(s.delayWarningSent());
            out.writeInt(s.recipients().size());
            for (RecipientState r : s.recipients()) {
                out.writeByte(r.status().ordinal());
                out.writeInt(r.attempts());
                out.writeLong(r.nextAttempt() == null ? Long.MIN_VALUE : r.nextAttempt().toEpochMilli());
            }
        });
    }

    static MessageState state(byte[] value, String where) {
        return read(value, where, in -> {
            version(in, where);
            long mid = in.readLong();
            boolean warned = in.readBoolean();
            int n = in.readInt();
            List<RecipientState> rcpts = new ArrayList<>(n);
            RecipientStatus[] all = RecipientStatus.values();
            for (int i = 0; i < n; i++) {
                int status = in.readUnsignedByte();
                if (status >= all.length) {
                    throw new IOException("unknown recipient status " + status + " for RID " + i);
                }
                int attempts = in.readInt();
                long next = in.readLong();
                rcpts.add(new RecipientState(all[status], attempts,
                        next == Long.MIN_VALUE ? null : Instant.ofEpochMilli(next)));
            }
            return new MessageState(mid, rcpts, warned);
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] value, String where, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            return r.read(in);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": broken spool record: " + e, e);
        }
    }

    private static void version(DataInputStream in, String where) throws IOException {
        int v = in.readUnsignedByte();
        if (v != VERSION) {
            throw new IOException("record format " + v + ", this engine reads format " + VERSION);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("string length " + n + " out of range");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
