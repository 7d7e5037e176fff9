package dev.esakit.engine.inbound;

import dev.esakit.engine.queue.QueuedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of one inbound SMTP connection, as an explicit state machine over lines that Netty's
 * {@code LineBasedFrameDecoder} delimits (delimiters kept, so message content stays byte-exact). It writes the
 * ICID/MID lines of IN-1, applies the RAT (IN-2), and answers 250 to the end of data only after the spool
 * has the message on stable storage (Q-8).
 */
final class InboundSession extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Pattern PATH = Pattern.compile("^(?i)(?:MAIL FROM|RCPT TO):\\s*<([^<>]*)>(?:\\s+.*)?$");

    enum State { CONNECTED, READY, MAIL, RCPT, DATA, STORING }

    /** RFC 5321 4.5.3.1.4: a command line, CRLF included. */
    static final int MAX_COMMAND_LINE = 512;
    private static final Pattern SIZE_PARAM = Pattern.compile("(?i)(?:^|\\s)SIZE=(\\d{1,19})(?:\\s|$)");

    private final InboundContext ctx;
    private final long icid;
    private State state = State.CONNECTED;
    private long mid;
    private String sender;
    private final List<String> recipients = new ArrayList<>();
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private boolean oversize;
    private boolean dataLineTooLong;
    /** Lines a pipelining client sent after the end of data, while the spool write was still running. */
    private final java.util.ArrayDeque<ByteBuf> heldWhileStoring = new java.util.ArrayDeque<>();

    InboundSession(InboundContext ctx) {
        this.ctx = ctx;
        this.icid = ctx.icids().next();
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        InetSocketAddress peer = (InetSocketAddress) c.channel().remoteAddress();
        InetSocketAddress local = (InetSocketAddress) c.channel().localAddress();
        ctx.log().newInjection(icid, ctx.interfaceName(), local.getAddress().getHostAddress(),
                peer.getAddress().getHostAddress(), null, false);
        ctx.log().injectionAccepted(icid);
        reply(c, "220 " + ctx.hostname() + " ESMTP");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, ByteBuf frame) {
        if (state == State.DATA) {
            dataLine(c, frame);
            return;
        }
        if (state == State.STORING) {
            heldWhileStoring.add(frame.retain()); // answered in order once the message is stored
            return;
        }
        if (frame.readableBytes() > MAX_COMMAND_LINE) {
            // IN-3: RFC 5321 4.5.3.1.4, a command line is at most 512 octets with its CRLF.
            reply(c, "500 5.5.2 Line too long");
            return;
        }
        String line = frame.toString(StandardCharsets.US_ASCII).replaceAll("\r?\n$", "");
        String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "EHLO" -> {
                reset();
                state = State.READY;
                reply(c, "250-" + ctx.hostname() + "\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE "
                        + ctx.maxMessageSize());
            }
            case "HELO" -> {
                reset();
                state = State.READY;
                reply(c, "250 " + ctx.hostname());
            }
            case "MAIL" -> mail(c, line);
            case "RCPT" -> rcpt(c, line);
            case "DATA" -> data(c);
            case "RSET" -> {
                reset();
                if (state != State.CONNECTED) {
                    state = State.READY;
                }
                reply(c, "250 2.0.0 Ok");
            }
            case "NOOP" -> reply(c, "250 2.0.0 Ok");
            case "QUIT" -> c.writeAndFlush(c.alloc().buffer().writeBytes(
                    ("221 2.0.0 " + ctx.hostname() + " closing connection\r\n").getBytes(StandardCharsets.US_ASCII)))
                    .addListener(ChannelFutureListener.CLOSE);
            case "VRFY" -> reply(c, "252 2.5.2 Cannot VRFY user");
            default -> reply(c, "500 5.5.2 Command not recognized");
        }
    }

    private void mail(ChannelHandlerContext c, String line) {
        if (state == State.CONNECTED) {
            reply(c, "503 5.5.1 EHLO/HELO first");
            return;
        }
        if (state != State.READY) {
            reply(c, "503 5.5.1 Nested MAIL command");
            return;
        }
        Matcher m = PATH.matcher(line);
        if (!m.matches()) {
            reply(c, "501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        Matcher size = SIZE_PARAM.matcher(line.substring(line.indexOf('>') + 1));
        if (size.find() && new java.math.BigInteger(size.group(1)).compareTo(
                java.math.BigInteger.valueOf(ctx.maxMessageSize())) > 0) {
            reply(c, "552 5.3.4 Message size exceeds fixed maximum message size"); // IN-3, RFC 1870
            return;
        }
        sender = m.group(1);
        mid = ctx.mids().next();
        ctx.log().startMessage(mid, icid);
        ctx.log().envelopeFrom(mid, icid, sender);
        state = State.MAIL;
        reply(c, "250 2.1.0 Sender ok");
    }

    private void rcpt(ChannelHandlerContext c, String line) {
        if (state != State.MAIL && state != State.RCPT) {
            reply(c, "503 5.5.1 MAIL first");
            return;
        }
        Matcher m = PATH.matcher(line);
        if (!m.matches()) {
            reply(c, "501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        String rcpt = m.group(1);
        if (recipients.size() >= ctx.maxRecipients()) {
            reply(c, "452 4.5.3 Too many recipients");
            return;
        }
        if (!acceptedByRat(rcpt)) {
            ctx.log().rejectedByRat(mid, icid, rcpt);
            reply(c, "550 5.7.1 Recipient address rejected: relay not permitted");
            return;
        }
        ctx.log().envelopeTo(mid, icid, recipients.size(), rcpt);
        recipients.add(rcpt);
        state = State.RCPT;
        reply(c, "250 2.1.5 Recipient ok");
    }

    /** IN-2: only a domain with a route is accepted; never an open relay. */
    private boolean acceptedByRat(String rcpt) {
        int at = rcpt.lastIndexOf('@');
        if (at <= 0 || at == rcpt.length() - 1) {
            return false;
        }
        String local = rcpt.substring(0, at);
        String domain = rcpt.substring(at + 1);
        if (local.contains("@") || local.contains("%") || local.contains("!") || rcpt.startsWith("@")
                || rcpt.contains(":") || rcpt.contains(",")) {
            return false; // source routes, quoted "a@b" local parts, % and ! hacks would relay through us
        }
        if (domain.startsWith("[") || domain.endsWith(".") || !domain.matches("[A-Za-z0-9.-]+")) {
            return false; // address literals and odd domains are never ours
        }
        return ctx.routes().lookup(domain).isPresent();
    }

    private void data(ChannelHandlerContext c) {
        if (state != State.RCPT) {
            reply(c, state == State.MAIL ? "554 5.5.1 No valid recipients" : "503 5.5.1 MAIL first");
            return;
        }
        state = State.DATA;
        content.reset();
        oversize = false;
        dataLineTooLong = false;
        reply(c, "354 End data with <CR><LF>.<CR><LF>");
    }

    private void dataLine(ChannelHandlerContext c, ByteBuf frame) {
        int n = frame.readableBytes();
        if (n >= 2 && frame.getByte(frame.readerIndex()) == '.'
                && (n == 2 && frame.getByte(frame.readerIndex() + 1) == '\n'
                || n == 3 && frame.getByte(frame.readerIndex() + 1) == '\r'
                && frame.getByte(frame.readerIndex() + 2) == '\n')) {
            endOfData(c);
            return;
        }
        if (n > 0 && frame.getByte(frame.readerIndex()) == '.') {
            frame.skipBytes(1); // RFC 5321 4.5.2: remove the transparency dot
        }
        if (content.size() + frame.readableBytes() > ctx.maxMessageSize()) {
            oversize = true;
            return;
        }
        byte[] line = new byte[frame.readableBytes()];
        frame.readBytes(line);
        content.writeBytes(line);
    }

    private void endOfData(ChannelHandlerContext c) {
        if (oversize) {
            reset();
            state = State.READY;
            reply(c, "552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        if (dataLineTooLong) {
            // IN-3: the text line limit (1,000 octets with CRLF) is answered after the end of data, where the
            // client reads a reply; nothing is queued.
            reset();
            state = State.READY;
            reply(c, "500 5.5.2 Line too long: a text line is at most 1000 octets");
            return;
        }
        byte[] bytes = content.toByteArray();
        QueuedMessage message = new QueuedMessage(mid, sender, recipients, ctx.clock().now(), bytes.length);
        state = State.STORING;
        ctx.spool().store(message, bytes).whenComplete((v, error) -> c.executor().execute(() -> {
            if (error != null) {
                reset();
                state = State.READY;
                reply(c, "451 4.3.0 Could not store the message");
                replayHeld(c);
                return;
            }
            String messageId = HeaderFields.find(bytes, "Message-ID");
            if (messageId != null) {
                ctx.log().messageId(mid, messageId);
            }
            String subject = HeaderFields.find(bytes, "Subject");
            if (subject != null) {
                ctx.log().subject(mid, subject);
            }
            ctx.log().ready(mid, bytes.length, sender);
            reply(c, "250 2.0.0 Ok: queued as " + mid);
            reset();
            state = State.READY;
            ctx.queue().enqueue(message);
            replayHeld(c);
        }));
    }

    private void replayHeld(ChannelHandlerContext c) {
        ByteBuf next;
        while (state != State.STORING && (next = heldWhileStoring.poll()) != null) {
            try {
                channelRead0(c, next);
            } finally {
                next.release();
            }
        }
    }

    private void reset() {
        sender = null;
        recipients.clear();
        content.reset();
    }

    private void reply(ChannelHandlerContext c, String text) {
        c.writeAndFlush(c.alloc().buffer().writeBytes((text + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        heldWhileStoring.forEach(ByteBuf::release);
        heldWhileStoring.clear();
        ctx.log().injectionClosed(icid);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            // IN-3: an over-long line gets the RFC reply, not a dropped connection. In DATA the client expects no
            // reply until the end of data, so the line is only noted there.
            if (state == State.DATA) {
                dataLineTooLong = true;
            } else if (state != State.STORING) {
                reply(c, "500 5.5.2 Line too long");
            }
            return;
        }
        c.close();
    }
}
