package dev.esakit.fake.smtp;

/**
 * Bytes as framed off the wire. A complete line includes its terminator (LF or CRLF); a line longer than
 * the framer's chunk size arrives as several incomplete pieces followed by a complete one, so message
 * content is never altered or truncated.
 */
record RawLine(byte[] bytes, boolean complete) {

    /** Length without the line terminator. */
    int textLength() {
        int n = bytes.length;
        if (complete && n > 0 && bytes[n - 1] == '\n') n--;
        if (complete && n > 0 && bytes[n - 1] == '\r') n--;
        return n;
    }
}
