package dev.esakit.engine.delivery;

/** The connection ended, or a stage timed out, before the reply a request waited for (FO-3, FO-8). */
public final class ConnectionLost extends RuntimeException {
    private final boolean timeout;
    private final String stage;

    ConnectionLost(String message, Throwable cause) {
        this(message, cause, false, null);
    }

    ConnectionLost(String message, Throwable cause, boolean timeout, String stage) {
        super(message, cause, false, false);
        this.timeout = timeout;
        this.stage = stage;
    }

    public boolean timeout() {
        return timeout;
    }

    /** The peer sent something that is not an SMTP reply (the decoder refused it). */
    public boolean malformedReply() {
        return getCause() instanceof io.netty.handler.codec.DecoderException;
    }

    public String stage() {
        return stage;
    }
}
