package dev.esakit.fake.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames the inbound byte stream into {@link RawLine}s, keeping every byte (terminators included).
 * It knows nothing of SMTP modes: the session handler decides whether a line is a command or message
 * content, so a delayed reply can never leave the framer in the wrong mode.
 */
final class SmtpLineDecoder extends ByteToMessageDecoder {
    static final int MAX_CHUNK = 8192;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One line per call: the base class hands it to the session before framing the next, so a
        // STARTTLS can drop the plaintext that follows it before that is framed.
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf >= 0 && lf - in.readerIndex() < MAX_CHUNK) {
            byte[] line = new byte[lf - in.readerIndex() + 1];
            in.readBytes(line);
            out.add(new RawLine(line, true));
        } else if (in.readableBytes() >= MAX_CHUNK) {
            byte[] piece = new byte[MAX_CHUNK];
            in.readBytes(piece);
            out.add(new RawLine(piece, false));
        }
    }

    /** Drops bytes received but not yet framed: RFC 3207 forbids acting on plaintext sent after STARTTLS. */
    void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        if (buffered.isReadable()) buffered.skipBytes(buffered.readableBytes());
    }
}
