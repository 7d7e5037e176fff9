package dev.esakit.engine.smtp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 5321 4.5.2 transparency: a line that begins with "." is sent with one more "." in front, and the
 * content always ends with CRLF before the terminating "." line. Works on bytes, so 8-bit content
 * passes through unchanged.
 */
public final class DotStuffing {
    private DotStuffing() {
    }

    public static byte[] stuff(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
        boolean lineStart = true;
        for (byte b : content) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (content.length == 0 || !lineStart) {
            if (content.length > 0 && content[content.length - 1] == '\r') {
                out.write('\n');
            } else {
                out.write('\r');
                out.write('\n');
            }
        }
        return out.toByteArray();
    }
}
