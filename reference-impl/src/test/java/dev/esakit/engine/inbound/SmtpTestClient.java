package dev.esakit.engine.inbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain blocking SMTP client for tests of the inbound listener: one line out, one whole reply back. */
public final class SmtpTestClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public SmtpTestClient(InetSocketAddress server) {
        try {
            socket = new Socket();
            socket.connect(server, 5_000);
            socket.setSoTimeout(10_000); // a hang guard, not a wait
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply (all its lines) and returns its last line, code included. */
    public String reply() {
        try {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return "EOF";
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String send(String line) {
        write(line + "\r\n");
        return reply();
    }

    public void write(String raw) {
        try {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
