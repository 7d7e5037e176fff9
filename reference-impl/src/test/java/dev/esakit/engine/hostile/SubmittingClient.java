package dev.esakit.engine.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blocking SMTP client that says what the test tells it to, byte for byte, and reads whole replies: the
 * hostile sender facing the engine's listener. The socket timeout is a hang guard only.
 */
final class SubmittingClient implements AutoCloseable {
    private static final Pattern QUEUED = Pattern.compile("queued as (\\d+)");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SubmittingClient(InetSocketAddress relay) throws IOException {
        this.socket = new Socket();
        socket.connect(relay, 5_000);
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Sends {@code line} and CRLF, returns the whole reply (lines joined by LF). */
    String send(String line) throws IOException {
        raw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return reply();
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void raw(String text) throws IOException {
        raw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One whole reply: lines until one whose fourth character is not '-'; null if the engine closed. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    /** Greeting, EHLO, one transaction; returns the MID the engine named in its 250, or -1 if it refused. */
    static long submit(InetSocketAddress relay, String from, List<String> to, String content) throws IOException {
        try (SubmittingClient c = new SubmittingClient(relay)) {
            expect(c.reply(), "220");
            expect(c.send("EHLO client.test"), "250");
            expect(c.send("MAIL FROM:<" + from + ">"), "250");
            for (String rcpt : to) {
                expect(c.send("RCPT TO:<" + rcpt + ">"), "250");
            }
            expect(c.send("DATA"), "354");
            StringBuilder data = new StringBuilder();
            for (String line : content.split("\r?\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            c.raw(data + ".\r\n");
            String reply = c.reply();
            c.send("QUIT");
            return midOf(reply);
        }
    }

    static long midOf(String reply) {
        if (reply == null || !reply.startsWith("250")) {
            return -1;
        }
        Matcher m = QUEUED.matcher(reply);
        if (!m.find()) {
            throw new AssertionError("a 250 to the end of data names no MID: " + reply);
        }
        return Long.parseLong(m.group(1));
    }

    static String expect(String reply, String code) {
        if (reply == null || !reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but the engine said " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
