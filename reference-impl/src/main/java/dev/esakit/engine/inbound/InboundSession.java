package dev.esakit.engine.inbound;

import dev.esakit.engine.queue.QueuedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of one inbound SMTP connection, as an explicit state machine over the command lines and
 * content runs that {@link InboundDecoder} makes of the bytes. It writes the ICID/MID lines of IN-1, applies
 * the RAT (IN-2), and answers 250 to the end of data only after the spool has the message on stable storage
 * (Q-8).
 */
final class InboundSession extends SimpleChannelInboundHandler<InboundFrame> {
    private static final Pattern PATH = Pattern.compile("^(?i)(?:MAIL FROM|RCPT TO):\\s*<([^<>]*)>(?:\\s+.*)?$");

    enum State { CONNECTED, READY, MAIL, RCPT, DATA, STORING }

    /** RFC 5321 4.5.3.1.4: a command line, CRLF included. */
    static final int MAX_COMMAND_LINE = 512;
    private static final Pattern SIZE_PARAM = Pattern.compile("(?i)(?:^|\\s)SIZE=(\\d{1,19})(?:\\s|$)");

    /** A content buffer grown past this is not kept for the session's next message. */
    private static final int KEPT_CONTENT_CAPACITY = 256 * 1024;

    private final InboundContext ctx;
    private final InboundDecoder decoder;
    private final long icid;
    private State state = State.CONNECTED;
    private long mid;
    private String sender;
    private final List<String> recipients = new ArrayList<>();
    private ByteBuf content = Unpooled.buffer(0);
    private boolean oversize;
    private boolean dataLineTooLong;
    private io.netty.util.concurrent.ScheduledFuture<?> timeout;
    /** When the last whole line (or content run) came, on {@link System#nanoTime}: what the timeout measures. */
    private long lastHeard;

    InboundSession(InboundContext ctx, InboundDecoder decoder) {
        this.ctx = ctx;
        this.decoder = decoder;
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
        lastHeard = System.nanoTime();
        armTimeout(c, ctx.timeout().toNanos());
    }

    /**
     * RFC 5321 4.5.3.2.7: a sender that completes no line within the timeout is disconnected with a 421, so an
     * idle or slowloris client (a byte now and then, never a line end) cannot hold a connection forever. One
     * timer at a time, checked against {@link #lastHeard} when it fires, rather than one rescheduled per line.
     */
    private void armTimeout(ChannelHandlerContext c, long delayNanos) {
        timeout = c.executor().schedule(() -> {
            long quiet = System.nanoTime() - lastHeard;
            long limit = ctx.timeout().toNanos();
            if (quiet < limit) {
                armTimeout(c, limit - quiet);
                return;
            }
            c.writeAndFlush(c.alloc().buffer().writeBytes(("421 4.4.2 " + ctx.hostname()
                    + " Error: timeout exceeded\r\n").getBytes(StandardCharsets.US_ASCII)))
                    .addListener(ChannelFutureListener.CLOSE);
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, InboundFrame frame) {
        if (frame instanceof InboundFrame.Content run) {
            ByteBuf bytes = run.content();
            if (bytes.getByte(bytes.writerIndex() - 1) == '\n') {
                lastHeard = System.nanoTime(); // a content line ended: a byte now and then does not count
            }
            content(bytes);
            return;
        }
        lastHeard = System.nanoTime(); // a whole line came: the sender is alive
        if (frame instanceof InboundFrame.Command command) {
            command(c, command);
        } else if (frame == InboundFrame.Marker.END_OF_DATA) {
            endOfData(c);
        } else if (state == State.DATA) {
            // IN-3: the text line limit. The client expects no reply until the end of data: noted only.
            dataLineTooLong = true;
        } else {
            reply(c, "500 5.5.2 Line too long"); // IN-3: and the session goes on
        }
    }

    private void command(ChannelHandlerContext c, InboundFrame.Command command) {
        if (command.octets() > MAX_COMMAND_LINE) {
            // IN-3: RFC 5321 4.5.3.1.4, a command line is at most 512 octets with its CRLF.
            reply(c, "500 5.5.2 Line too long");
            return;
        }
        String line = command.line();
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
        if (!printableAscii(m.group(1))) {
            reply(c, "501 5.1.7 Bad sender address syntax");
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
        if (!printableAscii(rcpt)) {
            reply(c, "501 5.1.3 Bad recipient address syntax");
            return;
        }
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

    /**
     * RFC 5321 4.1.2: an address is printable US-ASCII (no SMTPUTF8 here). A CR, NUL or other control character
     * accepted here would poison the message: the client side refuses to put it in a command, so it could never
     * be delivered nor bounced.
     */
    private static boolean printableAscii(String address) {
        for (int i = 0; i < address.length(); i++) {
            char ch = address.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return false;
            }
        }
        return true;
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
        content.clear();
        oversize = false;
        dataLineTooLong = false;
        decoder.startData(); // before the 354 goes out: the client's next bytes are content
        reply(c, "354 End data with <CR><LF>.<CR><LF>");
    }

    private void content(ByteBuf run) {
        if (state != State.DATA) {
            return; // the decoder is in data mode only after a 354; nothing else makes content
        }
        if (oversize || content.readableBytes() + run.readableBytes() > ctx.maxMessageSize()) {
            oversize = true; // read to the end of data, kept no further
            return;
        }
        content.writeBytes(run);
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
        byte[] bytes = ByteBufUtil.getBytes(content);
        QueuedMessage message = new QueuedMessage(mid, sender, recipients, ctx.clock().now(), bytes.length);
        state = State.STORING;
        decoder.pause(c); // a pipelining client's next commands are answered in order once the message is stored
        ctx.spool().store(message, bytes).whenComplete((v, error) -> c.executor().execute(() -> {
            if (error != null) {
                reset();
                state = State.READY;
                reply(c, "451 4.3.0 Could not store the message");
                decoder.resume(c);
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
            decoder.resume(c);
        }));
    }

    private void reset() {
        sender = null;
        recipients.clear();
        if (content.capacity() > KEPT_CONTENT_CAPACITY) {
            content = Unpooled.buffer(0); // one big message does not pin its size for the rest of the session
        }
        content.clear();
    }

    private void reply(ChannelHandlerContext c, String text) {
        c.writeAndFlush(c.alloc().buffer().writeBytes((text + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.log().injectionClosed(icid);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        c.close();
    }
}
