package dev.esakit.fake.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A message the server accepted (2xx to end of data). The content is the exact bytes the client sent
 * between DATA and the terminating ".\r\n", after dot-unstuffing, so it can be compared byte for byte.
 */
public final class ReceivedMessage {
    private final String mailFrom;
    private final List<String> recipients;
    private final byte[] content;
    private final int connection;

    ReceivedMessage(String mailFrom, List<String> recipients, byte[] content, int connection) {
        this.mailFrom = Objects.requireNonNull(mailFrom);
        this.recipients = List.copyOf(recipients);
        this.content = content.clone();
        this.connection = connection;
    }

    /** The reverse path without angle brackets; empty for the null sender {@code <>}. */
    public String mailFrom() { return mailFrom; }

    /** Accepted recipients in order, without angle brackets. */
    public List<String> recipients() { return recipients; }

    /** A copy of the raw content bytes. */
    public byte[] content() { return content.clone(); }

    /** The content decoded as UTF-8, for readable assertions. */
    public String contentAsString() { return new String(content, StandardCharsets.UTF_8); }

    /** 1-based number of the connection that carried it. */
    public int connection() { return connection; }

    @Override
    public String toString() {
        return "ReceivedMessage[from=<" + mailFrom + "> to=" + recipients + " bytes=" + content.length
                + " connection=" + connection + "]";
    }
}
