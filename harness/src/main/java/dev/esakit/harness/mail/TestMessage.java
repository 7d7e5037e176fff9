package dev.esakit.harness.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A message a scenario submits: envelope and the exact bytes of its content (headers and body, CRLF line
 * ends, no transparency dots). What a destination receives is compared against {@link #content()}.
 */
public record TestMessage(String sender, List<String> recipients, byte[] content, String messageId, String subject) {

    public TestMessage {
        recipients = List.copyOf(recipients);
    }

    /** A plain message with a unique Message-ID, padded with body lines to about {@code size} bytes if given. */
    public static TestMessage of(String sender, List<String> recipients, String subject, int size) {
        String messageId = "<" + UUID.randomUUID() + "@harness.esakit>";
        StringBuilder text = new StringBuilder()
                .append("From: <").append(sender).append(">\r\n")
                // One recipient a folded line: a message to 100 recipients must not have a header line over
                // the 998-octet limit of RFC 5322.
                .append("To: ").append(String.join(",\r\n ", recipients.stream().map(r -> "<" + r + ">").toList()))
                .append("\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("Date: Wed, 02 Jul 2014 09:15:07 +0000\r\n")
                .append("\r\n")
                .append("Hello from the conformance harness.\r\n")
                .append(".A line that starts with a dot, to check transparency.\r\n");
        int line = 0;
        while (text.length() < size) {
            text.append(String.format("%06d the quick brown fox jumps over the lazy dog%n", line++).replace("\n", "\r\n"));
        }
        return new TestMessage(sender, recipients, text.toString().getBytes(StandardCharsets.UTF_8), messageId,
                subject);
    }
}
