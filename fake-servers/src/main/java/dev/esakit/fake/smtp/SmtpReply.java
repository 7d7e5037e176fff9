package dev.esakit.fake.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply code and its text lines. Several lines go out as a multi-line reply:
 * {@code 452-example.com ESMTP\r\n452 4.3.1 Mail system full\r\n}.
 */
public record SmtpReply(int code, List<String> lines) {
    public SmtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code must be 100..599, got " + code);
        }
        lines = List.copyOf(lines);
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply text must not contain CR or LF: " + line);
            }
        }
    }

    public static SmtpReply of(int code, String... lines) {
        return new SmtpReply(code, List.of(lines));
    }

    /** The wire lines without CRLF: "452-first", "452 last"; a reply without text is just the code. */
    public List<String> wireLines() {
        if (lines.isEmpty()) return List.of(Integer.toString(code));
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = code + (i == out.length - 1 ? " " : "-") + lines.get(i);
        }
        return List.of(out);
    }

    public byte[] encode() {
        StringBuilder out = new StringBuilder();
        for (String line : wireLines()) out.append(line).append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public boolean isPositive() { return code >= 200 && code < 400; }

    @Override
    public String toString() { return String.join("\\n", wireLines()); }
}
