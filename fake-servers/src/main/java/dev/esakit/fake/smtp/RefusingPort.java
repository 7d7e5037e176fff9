package dev.esakit.fake.smtp;

import dev.esakit.fake.net.LoopbackPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, so a connect is refused (the kernel answers the SYN with RST).
 * It holds the port with a bound but never listening socket: unlike "pick a free port and hope", no
 * other test can start listening there while it is held.
 */
public final class RefusingPort implements AutoCloseable {
    private final Socket holder;

    private RefusingPort(Socket holder) {
        this.holder = holder;
    }

    public static RefusingPort bind(String host) {
        if (!LoopbackPolicy.check(host, true, "").isLoopbackAddress()) {
            throw new IllegalArgumentException("a refusing port is for loopback only (127.0.0.0/8, ::1), not " + host);
        }
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(host, 0));
        } catch (IOException e) {
            try { s.close(); } catch (IOException ignored) { /* nothing to release */ }
            throw new UncheckedIOException("cannot reserve a port on " + host, e);
        }
        return new RefusingPort(s);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) holder.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            holder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
