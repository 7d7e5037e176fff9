package dev.esakit.fake.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare SMTP client on a plain socket, so tests see exactly the bytes the server sent. Reads time out
 * after 5 s: a hang guard, not a speed check.
 */
public final class WireClient implements AutoCloseable {
    public record Reply(int code, List<String> lines) {
        public String last() { return lines.get(lines.size() - 1); }
    }

    public Socket socket;
    private InputStream in;
    private OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static WireClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(5000);
        return new WireClient(s);
    }

    /** One line without CRLF, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        if (line.size() > 0) throw new IOException("stream ended inside a line: " + line);
        return null;
    }

    /** A whole (maybe multi-line) reply; fails if the stream ends first. */
    public Reply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("connection closed; reply so far " + lines);
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    /** The raw bytes of the next reply, for byte-exact checks. */
    public byte[] readRawReply() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') break;
            }
            if (b == -1) throw new IOException("connection closed");
            byte[] bytes = line.toByteArray();
            raw.write(bytes, 0, bytes.length);
            if (bytes.length < 4 || bytes[3] == ' ') return raw.toByteArray();
        }
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public Reply command(String line) throws IOException {
        send(line);
        return readReply();
    }

    /** True when the server closed its side: the next read sees end of stream. */
    public boolean atEndOfStream() throws IOException {
        return in.read() == -1;
    }

    /** Wraps the connection in TLS, trusting any certificate (the fake server's is self-signed). */
    public javax.net.ssl.SSLSession startTls() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) { }
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        }}, null);
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return tls.getSession();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
