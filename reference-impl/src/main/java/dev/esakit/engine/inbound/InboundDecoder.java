package dev.esakit.engine.inbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the bytes of an inbound SMTP session into {@link InboundFrame}s, in one of two modes the session sets.
 *
 * <p>Command mode: one {@link InboundFrame.Command} per line (LF ends a line; a CR before it is part of the line
 * end). A line over {@link #MAX_LINE} octets is dropped up to its LF, without buffering it, and stands as one
 * {@link InboundFrame.Marker#LINE_TOO_LONG}.
 *
 * <p>Data mode, entered by the session after its 354: the content in runs as large as the bytes arrived in, not a
 * frame per line, with each line's transparency dot removed; then {@link InboundFrame.Marker#END_OF_DATA}, and
 * command mode again. Only CRLF "." CRLF ends the data: LF.LF, LF.CRLF and CRLF.LF are content (no SMTP
 * smuggling). A content line over the limit is reported once, as {@code LINE_TOO_LONG}, and kept: the session
 * refuses the whole message after the end of data, where the client reads a reply (IN-3).
 *
 * <p>Paused while the session stores a message: what a pipelining client sends meanwhile stays here undecoded,
 * and reading stops, until {@link #resume} decodes it in order.
 */
final class InboundDecoder extends ByteToMessageDecoder {
    /** RFC 5321 4.5.3.1.6: a text line is at most 1,000 octets with its CRLF. */
    static final int MAX_LINE = 998;

    private boolean data;
    private boolean paused;
    /** Command mode: dropping the rest of an over-long line up to its LF. */
    private boolean discarding;
    /** Data mode: the next byte starts a line. */
    private boolean atLineStart;
    /** Data mode: the line before the current one ended with CRLF (the DATA command's own counts). */
    private boolean afterCrlf;
    /** Data mode: the last byte of the current line so far is a CR (a CRLF may be split across reads). */
    private boolean lastWasCr;
    /** Data mode: octets of the current line so far, its transparency dot included, its LF not. */
    private int lineLength;
    private boolean lineReported;

    /** The session answered DATA with 354: what follows is content. */
    void startData() {
        data = true;
        atLineStart = true;
        afterCrlf = true;
        lastWasCr = false;
        lineLength = 0;
        lineReported = false;
    }

    /** The session stores a message: hold what comes next, and stop reading, until {@link #resume}. */
    void pause(ChannelHandlerContext session) {
        paused = true;
        session.channel().config().setAutoRead(false);
    }

    /** Decodes what arrived while paused, in order, and reads on. Call on the channel's event loop. */
    void resume(ChannelHandlerContext session) {
        paused = false;
        session.channel().config().setAutoRead(true);
        session.pipeline().fireChannelRead(io.netty.buffer.Unpooled.EMPTY_BUFFER); // decode the held bytes now
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (paused) {
            return;
        }
        if (data) {
            decodeContent(in, out);
        } else {
            decodeCommand(in, out);
        }
    }

    /** One line per call, so that a mode the session sets for the next line takes effect before it. */
    private void decodeCommand(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (discarding) {
            in.readerIndex(lf < 0 ? in.writerIndex() : lf + 1);
            discarding = lf < 0;
            return;
        }
        if (lf < 0) {
            if (in.readableBytes() > MAX_LINE + 1) { // not a line end in sight: refuse now, never buffer it all
                in.skipBytes(in.readableBytes());
                discarding = true;
                out.add(InboundFrame.Marker.LINE_TOO_LONG);
            }
            return;
        }
        int octets = lf + 1 - in.readerIndex();
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - in.readerIndex() > MAX_LINE) {
            in.readerIndex(lf + 1);
            out.add(InboundFrame.Marker.LINE_TOO_LONG);
            return;
        }
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
        in.readerIndex(lf + 1);
        out.add(new InboundFrame.Command(line, octets));
    }

    private void decodeContent(ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        int runStart = in.readerIndex();
        int i = runStart;
        while (i < end) {
            if (atLineStart && in.getByte(i) == '.') {
                int available = end - i;
                if (afterCrlf) {
                    if (available < 3 && (available == 1 || in.getByte(i + 1) == '\r')) {
                        break; // maybe CRLF "." CRLF: wait for the bytes that tell
                    }
                    if (available >= 3 && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                        emit(in, runStart, i, out);
                        in.readerIndex(i + 3);
                        data = false;
                        out.add(InboundFrame.Marker.END_OF_DATA);
                        return;
                    }
                }
                emit(in, runStart, i, out); // RFC 5321 4.5.2: the transparency dot is not content
                i++;
                runStart = i;
                lineLength = 1;
            }
            atLineStart = false;
            int lf = in.indexOf(i, end, (byte) '\n');
            int lineEnd = lf < 0 ? end : lf;
            if (lineEnd > i) {
                lastWasCr = in.getByte(lineEnd - 1) == '\r';
                lineLength += lineEnd - i;
            }
            if (!lineReported && lineLength - (lastWasCr ? 1 : 0) > MAX_LINE) {
                lineReported = true;
                emit(in, runStart, lineEnd, out);
                runStart = lineEnd;
                out.add(InboundFrame.Marker.LINE_TOO_LONG);
            }
            if (lf < 0) {
                i = end;
                break;
            }
            afterCrlf = lastWasCr;
            atLineStart = true;
            lastWasCr = false;
            lineLength = 0;
            lineReported = false;
            i = lf + 1;
        }
        emit(in, runStart, i, out);
        in.readerIndex(i);
    }

    private static void emit(ByteBuf in, int from, int to, List<Object> out) {
        if (to > from) {
            out.add(new InboundFrame.Content(in.retainedSlice(from, to - from)));
        }
    }
}
