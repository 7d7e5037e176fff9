package dev.esakit.harness.logsource;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a syslog TCP stream into messages (RFC 6587): octet counting ({@code LEN SP MSG}) when a frame starts
 * with a digit, otherwise non-transparent framing (each message ends with LF, CRLF or NUL). Senders mix
 * neither within a frame, but may switch between frames, so the choice is made per frame.
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
    /** The longest "LENGTH " prefix read: ten digits and the space. */
    private static final int PREFIX = 11;
    private final int maxLength;

    public SyslogFrameDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            byte first = in.getByte(start);
            if (first == '\n' || first == '\r' || first == 0) {
                in.skipBytes(1);
                continue;
            }
            if (first >= '1' && first <= '9') {
                int space = in.indexOf(start, Math.min(in.writerIndex(), start + PREFIX), (byte) ' ');
                String digits = space < 0 ? "" : in.toString(start, space - start, StandardCharsets.US_ASCII);
                if (space < 0 || !digits.chars().allMatch(Character::isDigit)) {
                    if (space >= 0 || in.readableBytes() >= PREFIX) {
                        throw new TooLongFrameException("syslog frame from " + ctx.channel().remoteAddress()
                                + " starts with a digit but has no 'LENGTH ' prefix (RFC 6587 octet counting)");
                    }
                    return;
                }
                long length = Long.parseLong(digits);
                if (length > maxLength) {
                    throw new TooLongFrameException("syslog frame from " + ctx.channel().remoteAddress()
                            + " announces " + length + " octets, more than " + maxLength);
                }
                if (in.writerIndex() - (space + 1) < length) {
                    return;
                }
                out.add(in.toString(space + 1, (int) length, StandardCharsets.UTF_8));
                in.readerIndex(space + 1 + (int) length);
            } else {
                int end = -1;
                for (int i = start; i < in.writerIndex(); i++) {
                    byte b = in.getByte(i);
                    if (b == '\n' || b == 0) {
                        end = i;
                        break;
                    }
                }
                if (end < 0) {
                    if (in.readableBytes() > maxLength) {
                        throw new TooLongFrameException("syslog line from " + ctx.channel().remoteAddress()
                                + " is longer than " + maxLength + " octets");
                    }
                    return;
                }
                out.add(in.toString(start, end - start, StandardCharsets.UTF_8));
                in.readerIndex(end + 1);
            }
        }
    }
}
