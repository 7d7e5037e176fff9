package dev.esakit.engine.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * A destination that writes exactly the bytes a test gives it, on a plain loopback {@link ServerSocket}: no
 * codec stands between the test and the wire, so it can send what no well-behaved server would (a reply split
 * byte by byte, a bare LF, a 10 MiB line, a reply that never ends). One thread per connection; each connection
 * runs the {@link Conversation} the test returns for its index (0, 1, ...).
 */
final class RawDestination implements AutoCloseable {
    /** What the destination does on one accepted connection. */
    interface Conversation {
        void run(Wire wire) throws IOException;
    }

    private final ServerSocket server;
    private final IntFunction<Conversation> conversations;
    private final List<Wire> wires = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RawDestination(String ip, IntFunction<Conversation> conversations) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
        if (!server.getInetAddress().isLoopbackAddress()) {
            throw new IllegalStateException("test destinations bind loopback only, not " + ip);
        }
        this.conversations = conversations;
        this.acceptor = new Thread(this::acceptLoop, "raw-destination-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Every connection runs {@code every}. */
    static RawDestination start(Conversation every) throws IOException {
        return perConnection(i -> every);
    }

    /** Connection {@code i} (from 0) runs {@code conversations.apply(i)}. */
    static RawDestination perConnection(IntFunction<Conversation> conversations) throws IOException {
        return new RawDestination("127.0.0.1", conversations);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection accepted so far, in order. */
    List<Wire> connections() {
        return List.copyOf(wires);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Wire wire = new Wire(s);
            int index = wires.size();
            wires.add(wire);
            Thread t = new Thread(() -> {
                try {
                    conversations.apply(index).run(wire);
                } catch (IOException e) {
                    wire.peerGone(); // a reset or a write into a closed connection: the engine let go
                } finally {
                    wire.finished = true;
                }
            }, "raw-destination-conn-" + index);
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Wire w : wires) {
            w.socket.close();
        }
    }

    /** One accepted connection, from the destination's side. */
    static final class Wire {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private volatile boolean peerClosed;
        private volatile boolean finished;

        Wire(Socket socket) {
            this.socket = socket;
            try {
                socket.setTcpNoDelay(true); // so that a reply written byte by byte goes out in many segments
                this.in = socket.getInputStream();
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** One line from the engine without its line end, or null when the engine closed the connection. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    peerGone();
                    return null;
                }
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (line.size() < 100_000) {
                    line.write(b);
                }
            }
        }

        /** The engine's next command line, recorded; null when it closed the connection. */
        String command() throws IOException {
            String line = readLine();
            if (line != null) {
                commands.add(line);
            }
            return line;
        }

        /** Reads the message content after a 354 up to the lone dot. False when the engine closed instead. */
        boolean content() throws IOException {
            String line;
            while ((line = readLine()) != null) {
                if (line.equals(".")) {
                    return true;
                }
            }
            return false;
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes {@code bytes} in pieces of the given sizes (the last piece takes the rest), one segment each. */
        void writeInPieces(byte[] bytes, List<Integer> sizes) throws IOException {
            int pos = 0;
            for (int size : sizes) {
                if (pos >= bytes.length) {
                    break;
                }
                int n = Math.min(Math.max(1, size), bytes.length - pos);
                out.write(bytes, pos, n);
                out.flush();
                pos += n;
            }
            if (pos < bytes.length) {
                out.write(bytes, pos, bytes.length - pos);
                out.flush();
            }
        }

        /** Reads and discards until the engine closes the connection: a destination that never closes. */
        void holdOpenUntilPeerCloses() throws IOException {
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // discard
            }
            peerGone();
        }

        void close() throws IOException {
            socket.close();
        }

        void peerGone() {
            peerClosed = true;
        }

        /** True once the engine closed or reset this connection (a read saw the end, or a write failed). */
        boolean closedByEngine() {
            return peerClosed;
        }

        /** True once the conversation is over, whoever ended it. */
        boolean finished() {
            return finished;
        }

        List<String> commands() {
            return List.copyOf(commands);
        }
    }
}
