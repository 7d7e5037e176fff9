package dev.esakit.harness.logsource;

import java.time.Instant;

/**
 * One line of a relay's log as a source delivered it.
 *
 * @param received when the harness got it
 * @param stamped  the time the sender put on it (a syslog header's timestamp); null when the line carries
 *                 its own stamp in {@code text} (a log file's line)
 * @param host     the sending host from a syslog header; null for files
 * @param tag      the syslog APP-NAME/TAG with any "[pid]" ({@code mail_logs}, {@code postfix/smtp[812]});
 *                 null for files
 * @param text     the message: a whole file line, or a syslog message without its header
 */
public record LogRecord(Instant received, Instant stamped, String host, String tag, String text) {

    /** A line read from a log file: the stamp is part of the text. */
    public static LogRecord line(String text) {
        return new LogRecord(Instant.now(), null, null, null, text);
    }
}
