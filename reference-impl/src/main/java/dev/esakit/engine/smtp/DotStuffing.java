package dev.esakit.engine.smtp;

/**
 * RFC 5321 4.5.2 transparency: a line that begins with "." is sent with one more "." in front, and the
 * content always ends with CRLF before the terminating "." line. Works on bytes, so 8-bit content
 * passes through unchanged.
 */
public final class DotStuffing {
    private DotStuffing() {
    }

    public static byte[] stuff(byte[] content) {
        // It runs once per delivery attempt on an event loop, over the whole message: one scan notes where a
        // dot starts a line, then the output is filled with bulk copies (a byte-at-a-time stream was the top
        // of the profile when relaying 100 KiB messages; see bench/README.md).
        int n = content.length;
        int[] dotAt = new int[8];
        int dots = 0;
        for (int i = 0; i < n; i++) {
            if (content[i] == '.' && (i == 0 || content[i - 1] == '\n')) {
                if (dots == dotAt.length) {
                    dotAt = java.util.Arrays.copyOf(dotAt, dots * 2);
                }
                dotAt[dots++] = i;
            }
        }
        byte last = n > 0 ? content[n - 1] : 0;
        int tail = n > 0 && last == '\n' ? 0 : last == '\r' ? 1 : 2;
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
