package dev.esakit.harness.mail;

import dev.esakit.engine.smtp.DotStuffing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Submits a message to a relay over SMTP, the way a mail client would, and reports the relay's final reply.
 * Blocking and simple on purpose: it is the harness's injector, not part of the system under test.
 */
public final class MailSubmitter {
    private static final int TIMEOUT_MILLIS = 10_000;

    private MailSubmitter() {
    }

    /** The relay's replies to each recipient and to the end of data. */
    public record Submission(List<String> rcptReplies, String finalReply) {
        public boolean accepted() {
            return finalReply != null && finalReply.startsWith("250");
        }
    }

    private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    public static Submission submit(InetSocketAddress relay, TestMessage message) {
        try (Socket socket = new Socket()) {
            socket.connect(relay, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // Without it, Nagle held the end of data (".") until the relay acknowledged the content, and the
            // relay's delayed ACK made that up to 40 ms a message: 2 of the 3 s of a 51-message scenario.
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            expect(in, "220", "greeting");
            command(out, "EHLO harness.esakit");
            expect(in, "250", "EHLO");
            command(out, "MAIL FROM:<" + message.sender() + ">");
            expect(in, "250", "MAIL FROM");
            List<String> rcptReplies = new ArrayList<>();
            boolean anyAccepted = false;
            for (String rcpt : message.recipients()) {
                command(out, "RCPT TO:<" + rcpt + ">");
                String reply = readReply(in);
                rcptReplies.add(reply);
                anyAccepted |= reply.startsWith("250");
            }
            if (!anyAccepted) {
                command(out, "QUIT");
                return new Submission(rcptReplies, null);
            }
            command(out, "DATA");
            expect(in, "354", "DATA");
            byte[] stuffed = DotStuffing.stuff(message.content());
            byte[] data = Arrays.copyOf(stuffed, stuffed.length + END_OF_DATA.length); // content and "." at once
            System.arraycopy(END_OF_DATA, 0, data, stuffed.length, END_OF_DATA.length);
            out.write(data);
            out.flush();
            String finalReply = readReply(in);
            command(out, "QUIT");
            readReply(in);
            return new Submission(rcptReplies, finalReply);
        } catch (IOException e) {
            throw new IllegalStateException("submitting to " + relay + " failed: " + e.getMessage(), e);
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(BufferedReader in, String code, String stage) throws IOException {
        String reply = readReply(in);
        if (!reply.startsWith(code)) {
            throw new IOException("relay answered " + stage + " with '" + reply + "', expected " + code);
        }
    }

    /** Reads a whole (possibly multi-line) reply and returns it joined by "\n". */
    private static String readReply(BufferedReader in) throws IOException {
        ReplyReader.Reply reply = ReplyReader.read(in);
        if (!reply.complete()) {
            throw new IOException("relay closed the connection");
        }
        return reply.text();
    }
}
