package dev.esakit.engine.log;

/** The {@code reason:} field of a {@code Connection Error} line. */
public enum ConnectionErrorReason {
    UNEXPECTED_SMTP_RESPONSE("unexpected SMTP response"),
    NETWORK_ERROR("network error");

    private final String text;

    ConnectionErrorReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
