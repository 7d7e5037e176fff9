package dev.esakit.engine.delivery;

import dev.esakit.engine.smtp.SmtpReply;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * The client side of one SMTP connection, as a queue of expected replies. Netty's {@code SmtpResponseDecoder}
 * turns bytes into replies; this handler hands each reply to the oldest request still waiting for one, so a
 * caller may pipeline several commands (RFC 2920) and still read the replies in order. A lost connection or
 * a stage timeout fails every waiting request with a {@link ConnectionLost}.
 */
final class SmtpConversation extends SimpleChannelInboundHandler<SmtpResponse> {
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final CompletableFuture<SmtpReply> greeting = new CompletableFuture<>();
    private volatile Channel channel;
    private ConnectionLost lost;

    private record Pending(CompletableFuture<SmtpReply> reply, Duration timeout, String stage) {
    }

    CompletableFuture<SmtpReply> greeting(Duration timeout) {
        channel.eventLoop().execute(() -> armTimeout(greeting, timeout, "greeting"));
        return greeting;
    }

    CompletableFuture<SmtpReply> send(SmtpRequest request, Duration timeout) {
        return expect(request, timeout, request.command().name().toString());
    }

    /** A line that is not a command (an AUTH LOGIN answer); it is not logged anywhere. */
    CompletableFuture<SmtpReply> sendLine(String line, Duration timeout, String stage) {
        return expect(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.US_ASCII), timeout, stage);
    }

    /**
     * The message content and the terminating dot. {@code writeTimeout} bounds each stretch without write progress
     * (RFC 5321 4.5.3.2.5, data block: a peer that stops reading), {@code replyTimeout} the wait for the final reply
     * (4.5.3.2.6).
     */
    CompletableFuture<SmtpReply> sendContent(byte[] stuffedContent, Duration writeTimeout, Duration replyTimeout) {
        CompletableFuture<SmtpReply> reply = expect(new DefaultLastSmtpContent(Unpooled.wrappedBuffer(stuffedContent)),
                replyTimeout, "end of data");
        channel.eventLoop().execute(() -> watchWrites(reply, writeTimeout, -1));
        return reply;
    }

    /** Data block: fails when a whole {@code writeTimeout} passed with bytes waiting and none of them written. */
    private void watchWrites(CompletableFuture<SmtpReply> reply, Duration writeTimeout, long pendingBefore) {
        channel.eventLoop().schedule(() -> {
            if (reply.isDone() || channel.unsafe().outboundBuffer() == null) {
                return;
            }
            long pending = channel.unsafe().outboundBuffer().totalPendingWriteBytes();
            if (pending == 0) {
                return; // all written: the end-of-data reply timeout takes over
            }
            if (pending == pendingBefore) {
                fail(new ConnectionLost("timeout", null, true, "data block"));
                channel.close();
                return;
            }
            watchWrites(reply, writeTimeout, pending);
        }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Puts TLS under the conversation after a 220 to STARTTLS; completes with the session once the handshake
     * is done, or fails with the handshake's error.
     */
    CompletableFuture<SSLSession> startTls(SslContext context, String peerHost, int peerPort, Duration timeout) {
        CompletableFuture<SSLSession> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            SslHandler tls = context.newHandler(channel.alloc(), peerHost, peerPort);
            tls.setHandshakeTimeoutMillis(timeout.toMillis());
            channel.pipeline().addFirst("tls", tls);
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(tls.engine().getSession());
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
        });
        return done;
    }

    private CompletableFuture<SmtpReply> expect(Object message, Duration timeout, String stage) {
        CompletableFuture<SmtpReply> reply = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (lost != null) {
                reply.completeExceptionally(lost);
                return;
            }
            waiting.add(new Pending(reply, timeout, stage));
            if (waiting.size() == 1 && greeting.isDone()) {
                armTimeout(reply, timeout, stage);
            }
            channel.writeAndFlush(message).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(new ConnectionLost(describe(f.cause()), f.cause()));
                }
            });
        });
        return reply;
    }

    boolean isOpen() {
        return lost == null && channel.isActive();
    }

    Channel channel() {
        return channel;
    }

    /** Closes the connection; waiting requests fail. */
    void close() {
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse response) {
        List<String> lines = new ArrayList<>();
        response.details().forEach(d -> lines.add(d.toString()));
        SmtpReply reply = new SmtpReply(response.code(), lines);
        if (!greeting.isDone()) {
            greeting.complete(reply);
            armNext();
            return;
        }
        Pending head = waiting.poll();
        if (head == null) {
            return; // an unsolicited reply: nothing waits for it
        }
        head.reply.complete(reply);
        armNext();
    }

    private void armNext() {
        Pending next = waiting.peek();
        if (next != null) {
            armTimeout(next.reply, next.timeout, next.stage);
        }
    }

    private void armTimeout(CompletableFuture<SmtpReply> reply, Duration timeout, String stage) {
        if (reply.isDone()) {
            return;
        }
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (!reply.isDone()) {
                fail(new ConnectionLost("timeout", null, true, stage));
                channel.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> timer.cancel(false));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new ConnectionLost("Connection closed by remote host", null));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(new ConnectionLost(describe(cause), cause));
        ctx.close();
    }

    private void fail(ConnectionLost why) {
        if (lost == null) {
            lost = why;
        }
        greeting.completeExceptionally(lost);
        Pending p;
        while ((p = waiting.poll()) != null) {
            p.reply.completeExceptionally(lost);
        }
    }

    static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && (c.getMessage() == null || c instanceof io.netty.handler.codec.DecoderException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
