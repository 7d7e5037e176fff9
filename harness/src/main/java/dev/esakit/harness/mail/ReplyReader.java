package dev.esakit.harness.mail;

import java.io.BufferedReader;
import java.io.IOException;

/** Reads one whole SMTP reply from a relay, for the harness's own blocking clients. */
final class ReplyReader {
    /** The reply's lines joined by "\n"; {@code complete} is false when the connection closed before its end. */
    record Reply(String text, boolean complete) {
    }

    private ReplyReader() {
    }

    static Reply read(BufferedReader in) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return new Reply(reply.toString(), false);
            }
            if (reply.length() > 0) {
                reply.append('\n');
            }
            reply.append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return new Reply(reply.toString(), true);
    }
}
