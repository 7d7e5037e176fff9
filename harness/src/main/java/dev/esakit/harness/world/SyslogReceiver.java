package dev.esakit.harness.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A UDP syslog receiver on a loopback address (LOG-6): keeps every message it gets, one datagram a message. */
public final class SyslogReceiver implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public SyslogReceiver(String loopbackIp) {
        try {
            if (!java.net.InetAddress.getByName(loopbackIp).isLoopbackAddress()) {
                // Test traffic stays on loopback: a receiver open to the network is never bound by accident.
                throw new IllegalArgumentException("syslog receiver: " + loopbackIp + " is not a loopback address");
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("syslog receiver: cannot resolve " + loopbackIp, e);
        }
        try {
            socket = new DatagramSocket(new InetSocketAddress(loopbackIp, 0));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind a syslog receiver on " + loopbackIp, e);
        }
        reader = new Thread(this::read, "syslog-receiver-" + address());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            messages.add(text.replaceAll("[\r\n]+$", ""));
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        socket.close();
    }
}
