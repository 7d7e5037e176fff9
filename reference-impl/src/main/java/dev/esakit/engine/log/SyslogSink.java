package dev.esakit.engine.log;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * LOG-6: pushes every mail log line to a syslog receiver in the RFC 3164 form AsyncOS uses,
 * {@code <pri>Mmm dd HH:MM:SS mail_logs: Info: ...}, over UDP (one datagram a line, at most 1,024 octets as RFC 3164
 * 4.1 allows) or TCP (one line per LF, RFC 6587 non-transparent framing). Facility mail (2); the severity follows
 * the level. A receiver that is down never stops the engine: the line is dropped for that receiver, and TCP
 * reconnects on the next line.
 */
public final class SyslogSink implements LogSink {
    /** How lines travel to the receiver. */
    public enum Transport { UDP, TCP }

    static final int FACILITY_MAIL = 2;
    private static final int MAX_DATAGRAM = 1024;

    private final InetSocketAddress receiver;
    private final Transport transport;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;

    public SyslogSink(InetSocketAddress receiver, Transport transport, boolean allowNonLoopback) {
        if (receiver.isUnresolved()) {
            throw new IllegalArgumentException("syslog receiver " + receiver + " does not resolve");
        }
        if (!allowNonLoopback && !receiver.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("syslog receiver " + receiver.getAddress().getHostAddress()
                    + " is not a loopback address");
        }
        this.receiver = receiver;
        this.transport = transport;
    }

    /** The RFC 3164 message for one mail log line ({@code <ctime> <Level>: <text>}). */
    static String format(String line) {
        // ctime is "Www Mmm dd HH:MM:SS YYYY": RFC 3164's TIMESTAMP is its "Mmm dd HH:MM:SS" part, day space-padded.
        String timestamp = line.substring(4, 19);
        String rest = line.substring(25);
        int colon = rest.indexOf(':');
        String level = colon < 0 ? "Info" : rest.substring(0, colon);
        return "<" + (FACILITY_MAIL * 8 + severity(level)) + ">" + timestamp + " mail_logs: " + rest;
    }

    static int severity(String level) {
        return switch (level) {
            case "Critical" -> 2;
            case "Warning" -> 4;
            case "Info" -> 6;
            default -> 7; // Debug, Trace
        };
    }

    @Override
    public synchronized void write(String line) {
        byte[] message = format(line).getBytes(StandardCharsets.UTF_8);
        try {
            if (transport == Transport.UDP) {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                byte[] datagram = message.length > MAX_DATAGRAM ? Arrays.copyOf(message, MAX_DATAGRAM) : message;
                udp.send(new DatagramPacket(datagram, datagram.length, receiver));
            } else {
                if (tcp == null) {
                    tcp = new Socket();
                    tcp.connect(receiver, 2_000);
                    tcpOut = tcp.getOutputStream();
                }
                tcpOut.write(message);
                tcpOut.write('\n');
                tcpOut.flush();
            }
        } catch (IOException e) {
            closeTcp(); // dropped for this receiver; the next line tries again
        }
    }

    private void closeTcp() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // already broken
            }
            tcp = null;
            tcpOut = null;
        }
    }

    @Override
    public synchronized void close() {
        closeTcp();
        if (udp != null) {
            udp.close();
        }
    }
}
