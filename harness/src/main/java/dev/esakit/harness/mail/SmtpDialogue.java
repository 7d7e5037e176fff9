package dev.esakit.harness.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written SMTP session with a relay, line by line, for the inbound rules (IN-2, IN-3): every command
 * gets its reply recorded. After a DATA answered 354 the following lines are message content, sent without
 * waiting, up to the line "." whose reply is recorded as the end of data.
 */
public final class SmtpDialogue {
    private static final int TIMEOUT_MILLIS = 10_000;

    /** A command as sent (content lines are not listed) and the relay's whole reply, lines joined by "\n". */
    public record Exchange(String command, String reply) {
        public int code() {
            return reply.length() >= 3 && reply.substring(0, 3).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(reply.substring(0, 3)) : -1;
        }
    }

    private SmtpDialogue() {
    }

    /** Runs the session; a closed connection ends it, with the reply recorded as "(connection closed)". */
    public static List<Exchange> run(InetSocketAddress relay, List<String> lines) {
        List<Exchange> out = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(relay, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true); // data lines go out one by one, unanswered: Nagle would hold each one
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream os = socket.getOutputStream();
            out.add(new Exchange("(greeting)", readReply(in)));
            boolean inData = false;
            for (String line : lines) {
                os.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                os.flush();
                if (inData && !line.equals(".")) {
                    continue;
                }
                String reply = readReply(in);
                out.add(new Exchange(inData ? "(end of data)" : line, reply));
                if (reply.equals("(connection closed)")) {
                    break;
                }
                inData = !inData && line.equalsIgnoreCase("DATA") && reply.startsWith("354");
            }
        } catch (IOException e) {
            throw new IllegalStateException("SMTP session with " + relay + " failed after " + out + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    private static String readReply(BufferedReader in) throws IOException {
        ReplyReader.Reply reply = ReplyReader.read(in);
        return reply.complete() || !reply.text().isEmpty() ? reply.text() : "(connection closed)";
    }
}
