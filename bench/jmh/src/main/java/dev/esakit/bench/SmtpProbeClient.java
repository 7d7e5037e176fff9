package dev.esakit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking SMTP client that keeps one session open and sends message after message, noting the instant the
 * relay's 250 to the end of data arrived. Deliberately plain: it measures the relay, so it must not be the slow part.
 */
public final class SmtpProbeClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public SmtpProbeClient(InetSocketAddress relay, String helo) throws IOException {
        socket = new Socket();
        socket.connect(relay, 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        expect("220", "greeting");
        command("EHLO " + helo);
        expect("250", "EHLO");
    }

    /** Sends one message; returns System.nanoTime() and the wall-clock micros at which the final 250 was read. */
    public long[] send(String from, String to, byte[] content) throws IOException {
        command("MAIL FROM:<" + from + ">");
        expect("250", "MAIL FROM");
        command("RCPT TO:<" + to + ">");
        expect("250", "RCPT TO");
        command("DATA");
        expect("354", "DATA");
        out.write(content);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect("250", "end of data");
        return new long[] {System.nanoTime(), WallClock.micros()};
    }

    private void command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void expect(String code, String stage) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("relay closed the connection at " + stage);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("relay answered " + stage + " with '" + line + "', expected " + code);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } finally {
            socket.close();
        }
    }
}
