package dev.esakit.harness.logsource;

/** A syslog message the receiver could not read; the message names the sender and what was wrong. */
public final class SyslogFormatException extends RuntimeException {
    public SyslogFormatException(String message) {
        super(message);
    }
}
