package dev.esakit.engine.smtp;

/**
 * RFC 5321 4.5.2 transparency: a line that begins with "." is sent with one more "." in front, and the
 * content always ends with CRLF before the terminating "." line. Works on bytes, so 8-bit content
 * passes through unchanged.
 */
public final class DotStuffing {
    private static final java.lang.invoke.VarHandle WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long DOTS = 0x2E2E2E2E2E2E2E2EL;

    private DotStuffing() {
    }

    /** The high bit of every byte of {@code x} that is zero (and maybe of a byte above one that is). */
    private static long zeroBytes(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /**
     * The content as it goes on the wire before the terminating "." line: {@code content} itself when no line
     * begins with "." and it ends with CRLF already (most mail), so neither a copy nor a new array is made;
     * else a new array. Neither is changed afterwards.
     */
    public static byte[] stuff(byte[] content) {
        // It runs once per delivery attempt on an event loop, over the whole message: one scan notes where a
        // dot starts a line, then the output is filled with bulk copies (a byte-at-a-time stream was the top
        // of the profile when relaying 100 KiB messages; see bench/README.md).
        int n = content.length;
        int[] dotAt = new int[8];
        int dots = 0;
        if (n > 0 && content[0] == '.') {
            dotAt[dots++] = 0;
        }
        // Eight LF/dot pairs a step: a word of the bytes at i and a word of the bytes at i + 1; a zero byte in
        // both masks is a candidate, confirmed byte by byte (the zero-byte test can flag a byte above a real one).
        int i = 0;
        for (int last = n - Long.BYTES - 1; i <= last; i += Long.BYTES) {
            long lf = (long) WORDS.get(content, i) ^ LFS;
            long dot = (long) WORDS.get(content, i + 1) ^ DOTS;
            if ((zeroBytes(lf) & zeroBytes(dot)) == 0) {
                continue;
            }
            for (int k = i; k < i + Long.BYTES; k++) {
                if (content[k] == '\n' && content[k + 1] == '.') {
                    if (dots == dotAt.length) {
                        dotAt = java.util.Arrays.copyOf(dotAt, dots * 2);
                    }
                    dotAt[dots++] = k + 1;
                }
            }
        }
        for (; i < n - 1; i++) {
            if (content[i] == '\n' && content[i + 1] == '.') {
                if (dots == dotAt.length) {
                    dotAt = java.util.Arrays.copyOf(dotAt, dots * 2);
                }
                dotAt[dots++] = i + 1;
            }
        }
        byte last = n > 0 ? content[n - 1] : 0;
        int tail = n > 0 && last == '\n' ? 0 : last == '\r' ? 1 : 2;
        if (dots == 0 && tail == 0) {
            return content; // a 100 KiB body relayed as it came: no zeroed array, no copy
        }
        byte[] out = new byte[n + dots + tail];
        int o = 0;
        int from = 0;
        for (int d = 0; d < dots; d++) {
            int len = dotAt[d] - from;
            System.arraycopy(content, from, out, o, len);
            o += len;
            out[o++] = '.';
            from = dotAt[d];
        }
        System.arraycopy(content, from, out, o, n - from);
        o += n - from;
        if (tail == 1) {
            out[o] = '\n';
        } else if (tail == 2) {
            out[o++] = '\r';
            out[o] = '\n';
        }
        return out;
    }
}
