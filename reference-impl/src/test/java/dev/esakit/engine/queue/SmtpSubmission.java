package dev.esakit.engine.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain blocking SMTP client for tests: submits one message and returns the MID from the 250 reply. */
public final class SmtpSubmission {
    private static final Pattern QUEUED = Pattern.compile("^250 .*queued as (\\d+)");

    private SmtpSubmission() {
    }

    public static long submit(InetSocketAddress relay, String from, List<String> to, String content)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(relay, 5_000);
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            send(out, "EHLO client.test");
            expect(in, "250");
            send(out, "MAIL FROM:<" + from + ">");
            expect(in, "250");
            for (String rcpt : to) {
                send(out, "RCPT TO:<" + rcpt + ">");
                expect(in, "250");
            }
            send(out, "DATA");
            expect(in, "354");
            StringBuilder data = new StringBuilder();
            for (String line : content.split("\r?\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            out.write((data + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = expect(in, "250");
            send(out, "QUIT");
            Matcher m = QUEUED.matcher(reply);
            if (!m.find()) {
                throw new IOException("no MID in '" + reply + "'");
            }
            return Long.parseLong(m.group(1));
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed while waiting for " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + " but got '" + line + "'");
        }
        return line;
    }
}
