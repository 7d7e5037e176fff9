package dev.esakit.engine.inbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** What {@link InboundDecoder} makes of the bytes of an inbound session, for {@link InboundSession} to act on. */
sealed interface InboundFrame {
    /** A command line without its line end; {@code octets} counts it with the line end (the 512-octet limit). */
    record Command(String line, int octets) implements InboundFrame {
    }

    /** A run of message content as it arrived, the transparency dots already removed (RFC 5321 4.5.2). */
    final class Content extends DefaultByteBufHolder implements InboundFrame {
        Content(ByteBuf bytes) {
            super(bytes);
        }
    }

    enum Marker implements InboundFrame {
        /** CRLF "." CRLF: the content is complete. */
        END_OF_DATA,
        /** A line over the limit (1,000 octets with its CRLF), dropped up to its end in command mode. */
        LINE_TOO_LONG
    }
}
