package dev.esakit.engine.queue;

import dev.esakit.engine.log.DeliveryStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 3464 delivery status notification (Q-6, Q-9): {@code multipart/report; report-type=delivery-status}
 * with a human-readable part, the {@code message/delivery-status} part, and the original message when it is
 * under 10 KiB, else only its header section as {@code text/rfc822-headers}; with no third part when the spool
 * cannot read the original back (RFC 3464 section 2: the returned content is optional). The engine sends it from the
 * null sender {@code <>} (RFC 5321 4.5.5), so a DSN that bounces makes no further DSN.
 */
public final class DeliveryStatusNotification {
    /** Originals at least this big are returned as headers only. */
    public static final int FULL_ORIGINAL_LIMIT = 10 * 1024;
    /** What the human-readable part says when the original is not returned. */
    static final String UNREADABLE_ORIGINAL = "A copy of your message is not attached: it could not be read back"
            + " from the queue.";

    public enum Kind {
        FAILED("failed", "Delivery Status Notification (Failure)",
                "Your message could not be delivered to the recipients below. It will not be retried."),
        DELAYED("delayed", "Delivery Status Notification (Delay)",
                "Your message has not been delivered yet to the recipients below. Delivery is still being retried;"
                        + " you do not need to resend it.");

        final String action;
        final String subject;
        final String explanation;

        Kind(String action, String subject, String explanation) {
            this.action = action;
            this.subject = subject;
            this.explanation = explanation;
        }
    }

    /** One recipient the notification reports on. */
    public record Entry(String recipient, DeliveryStatus status) {
    }

    private final Kind kind;
    private final String reportingMta;
    private final QueuedMessage original;
    private final List<Entry> entries = new ArrayList<>();

    public DeliveryStatusNotification(Kind kind, String reportingMta, QueuedMessage original) {
        this.kind = kind;
        this.reportingMta = reportingMta;
        this.original = original;
    }

    public DeliveryStatusNotification add(String recipient, DeliveryStatus status) {
        entries.add(new Entry(recipient, status));
        return this;
    }

    /** The envelope of the notification: from {@code <>} to the original's envelope sender. */
    public QueuedMessage envelope(long mid, Instant now, int size) {
        return new QueuedMessage(mid, "", List.of(original.sender()), now, size);
    }

    /** The notification's content; {@code originalContent} null when the original cannot be read. */
    public byte[] render(long dsnMid, byte[] originalContent, Instant now, ZoneId zone) {
        String boundary = "=_esakit-dsn-" + dsnMid + "-" + original.mid();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(zone));
        StringBuilder head = new StringBuilder()
                .append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n")
                .append("To: <").append(original.sender()).append(">\r\n")
                .append("Subject: ").append(kind.subject).append("\r\n")
                .append("Date: ").append(date).append("\r\n")
                .append("Message-ID: <dsn.").append(dsnMid).append('.').append(original.mid()).append('@')
                .append(reportingMta).append(">\r\n")
                .append("Auto-Submitted: auto-replied\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status;\r\n")
                .append("\tboundary=\"").append(boundary).append("\"\r\n")
                .append("\r\n")
                .append("This is a MIME-encapsulated message.\r\n\r\n")
                .append("--").append(boundary).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
                .append(kind.explanation).append("\r\n\r\n");
        if (originalContent == null) {
            head.append(UNREADABLE_ORIGINAL).append("\r\n\r\n");
        }
        for (Entry e : entries) {
            head.append("<").append(e.recipient()).append(">: ").append(e.status().enhancedCode()).append(' ')
                    .append(e.status().phrase()).append("\r\n");
        }
        head.append("\r\n--").append(boundary).append("\r\n")
                .append("Content-Type: message/delivery-status\r\n\r\n")
                .append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n")
                .append("X-Esakit-Queue-ID: ").append(original.mid()).append("\r\n")
                .append("Arrival-Date: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(original.arrived().atZone(zone))).append("\r\n");
        for (Entry e : entries) {
            head.append("\r\n")
                    .append("Final-Recipient: rfc822; ").append(e.recipient()).append("\r\n")
                    .append("Action: ").append(kind.action).append("\r\n")
                    .append("Status: ").append(e.status().enhancedCode()).append("\r\n");
            if (!"000".equals(e.status().basicCode())) {
                head.append("Diagnostic-Code: smtp; ").append(e.status().basicCode()).append(' ')
                        .append(String.join(" ", e.status().replyLines()).replaceAll("[\r\n]+", " ")).append("\r\n");
            }
            head.append("Last-Attempt-Date: ").append(date).append("\r\n");
        }
        boolean whole = originalContent != null && originalContent.length < FULL_ORIGINAL_LIMIT;
        byte[] attached = originalContent == null ? new byte[0]
                : whole ? originalContent : headerSection(originalContent);
        if (originalContent != null) { // the third part; none when the original cannot be read
            head.append("\r\n--").append(boundary).append("\r\n")
                    .append("Content-Type: ").append(whole ? "message/rfc822" : "text/rfc822-headers")
                    .append("\r\n\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + attached.length + 64);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(attached);
        if (attached.length > 0 && attached[attached.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The header section of a message, up to and including the line break before the empty line. */
    static byte[] headerSection(byte[] c) {
        for (int i = 0; i + 1 < c.length; i++) {
            if (c[i] == '\n' && (c[i + 1] == '\n' || (c[i + 1] == '\r' && i + 2 < c.length && c[i + 2] == '\n'))) {
                byte[] out = new byte[i + 1];
                System.arraycopy(c, 0, out, 0, i + 1);
                return out;
            }
        }
        return c.clone();
    }
}
