package dev.esakit.harness.logsource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Tails a log file the relay appends to (Postfix's {@code maillog_file}, an ESA log pushed by FTP/SCP). Reads
 * on demand from the last offset; only complete lines count, so a line the relay is still writing is picked up
 * whole on the next read. A file that shrank (rotated or truncated) is read again from its start.
 */
public final class FileTailSource implements LogSource {
    private final Path file;
    private final List<LogRecord> lines = new ArrayList<>();
    private final ByteArrayLine partial = new ByteArrayLine();
    private long offset;
    private Object fileKey;

    public FileTailSource(Path file) {
        this.file = file;
    }

    /** Starts at the file's current end: what the relay wrote before the run is not this run's evidence. */
    @Override
    public synchronized void open() {
        try {
            offset = Files.exists(file) ? Files.size(file) : 0;
            fileKey = Files.exists(file) ? key() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public synchronized long mark() {
        poll();
        return lines.size();
    }

    @Override
    public synchronized List<LogRecord> since(long mark) {
        poll();
        return List.copyOf(lines.subList((int) Math.min(mark, lines.size()), lines.size()));
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    private void poll() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Object key = key();
            if (size < offset || (fileKey != null && key != null && !fileKey.equals(key))) {
                offset = 0; // truncated, or rotated by rename: a new file begins
                partial.reset();
            }
            fileKey = key;
            ch.position(offset);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int n;
            while ((n = ch.read(buf)) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        lines.add(LogRecord.line(partial.take()));
                    } else if (b != '\r') {
                        partial.add(b);
                    }
                }
                buf.clear();
                offset += n;
            }
        } catch (NoSuchFileException e) {
            // not written yet: nothing to read
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The file's identity (device and inode on Linux), to notice a rotation by rename. */
    private Object key() throws IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Override
    public void close() {
        // nothing held open between reads
    }

    /** The bytes of the line being read, decoded as UTF-8 once complete. */
    private static final class ByteArrayLine {
        private byte[] bytes = new byte[256];
        private int length;

        void add(byte b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        String take() {
            String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
            length = 0;
            return s;
        }

        void reset() {
            length = 0;
        }
    }
}
