package dev.esakit.fake.smtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One SMTP connection's state machine. Lines from {@link SmtpLineDecoder} are queued and handled one at
 * a time; while a delayed reply is pending the queue waits, so pipelined commands are answered in order.
 * Every event goes through the rule book first; with no rule the session behaves like a healthy MTA.
 */
final class SmtpSession extends ChannelInboundHandlerAdapter {
    /** What the next line from the client means. */
    private enum Mode { AWAITING_GREETING, COMMAND, DATA, AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD, HUNG, DONE }

    static final int MAX_COMMAND_LINE = 2048;
    private static final Action DEFAULT = new Action(null, true, Duration.ZERO, Ending.CONTINUE, -1);

    private final FakeSmtpServer server;
    private final int connection;
    private final Transcript transcript;
    private ChannelHandlerContext ctx;

    private Mode mode = Mode.AWAITING_GREETING;
    private boolean greetingRejected; // a non-2xx banner: answer 503 to all but QUIT, as RFC 5321 3.1 asks
    private boolean tlsActive;
    private boolean authenticated;
    private String loginUser;

    private String mailFrom;
    private final List<String> recipients = new ArrayList<>();
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pendingLine = new ByteArrayOutputStream(); // for long lines in pieces
    private boolean dataAtLineStart = true;
    private long dataBytes;
    private long closeAfterDataBytes = -1;

    private final Deque<RawLine> inbox = new ArrayDeque<>();
    private boolean busy;
    private boolean inputShutdown;

    SmtpSession(FakeSmtpServer server, int connection, Transcript transcript) {
        this.server = server;
        this.connection = connection;
        this.transcript = transcript;
    }

    // --- Netty events ---------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.sawStage(Stage.CONNECT);
        String remote = transcript.remote() == null ? null : transcript.remote().getAddress().getHostAddress();
        Action onConnect = server.rules().decide(Stage.CONNECT, remote, connection);
        if (onConnect == null) {
            greet();
        } else if (onConnect.reply() != null) {
            // A reply scripted at CONNECT is the greeting itself.
            server.sawStage(Stage.GREETING);
            act(onConnect, null, this::greetingSent, r -> {});
        } else if (onConnect.defaultReply()) {
            later(onConnect.delay(), this::greet);
        } else {
            act(onConnect, null, r -> {}, r -> {});
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inbox.add((RawLine) msg);
        drain();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            drain();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                tlsActive = true;
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                transcript.add(Direction.EVENT, "TLS established: " + ssl.engine().getSession().getProtocol()
                        + " " + ssl.engine().getSession().getCipherSuite());
            } else {
                transcript.add(Direction.EVENT, "TLS handshake failed: " + done.cause());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        mode = Mode.DONE;
        inbox.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and TLS errors are part of what these tests provoke: note it and end the connection.
        if (mode != Mode.DONE) transcript.add(Direction.EVENT, "error: " + cause);
        mode = Mode.DONE;
        ctx.close();
    }

    // --- the queue --------------------------------------------------------------------------------

    private void drain() {
        while (!busy && mode != Mode.DONE && mode != Mode.AWAITING_GREETING && !inbox.isEmpty()) {
            handle(inbox.poll());
        }
        if (inputShutdown && inbox.isEmpty() && !busy && mode != Mode.DONE) {
            // The client finished sending and everything it sent is answered.
            mode = Mode.DONE;
            ctx.close();
        }
    }

    private void handle(RawLine line) {
        if (!line.complete()) {
            pendingLine.write(line.bytes(), 0, line.bytes().length);
            if (mode == Mode.DATA) dataPiece(line);
            return;
        }
        byte[] whole;
        if (pendingLine.size() > 0) {
            pendingLine.write(line.bytes(), 0, line.bytes().length);
            whole = pendingLine.toByteArray();
            pendingLine.reset();
        } else {
            whole = line.bytes();
        }
        String text = textOf(whole);
        transcript.add(Direction.CLIENT, text);
        switch (mode) {
            case DATA -> dataLine(line, whole);
            case HUNG -> { }
            case AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD -> authContinuation(text);
            default -> {
                if (whole.length > MAX_COMMAND_LINE) {
                    reply(SmtpReply.of(500, enhanced("5.5.2", "Error: line too long")));
                } else {
                    command(text);
                }
            }
        }
    }

    // --- greeting ---------------------------------------------------------------------------------

    private void greet() {
        if (!ctx.channel().isActive()) return;
        server.sawStage(Stage.GREETING);
        Action action = server.rules().decide(Stage.GREETING, null, connection);
        act(action == null ? DEFAULT : action, SmtpReply.of(220, server.hostnameForReplies() + " ESMTP fake-smtp"),
                this::greetingSent, r -> {});
    }

    private void greetingSent(SmtpReply banner) {
        if (banner != null && !banner.isPositive()) greetingRejected = true;
        if (mode == Mode.AWAITING_GREETING) mode = Mode.COMMAND;
    }

    // --- commands ---------------------------------------------------------------------------------

    private void command(String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1).trim();
        Stage stage = Stage.ofVerb(verb);
        server.sawStage(stage);
        String argument = switch (stage) {
            case MAIL -> path(rest, "FROM:");
            case RCPT -> path(rest, "TO:");
            case UNKNOWN -> line;
            default -> rest;
        };
        Action action = server.rules().decide(stage, argument, connection);
        if (action == null) action = DEFAULT;
        if (greetingRejected && stage != Stage.QUIT) {
            act(action, SmtpReply.of(503, enhanced("5.5.1", "Error: bad sequence of commands")), r -> {}, r -> {});
            return;
        }
        switch (stage) {
            case EHLO -> ehlo(action, rest);
            case HELO -> helo(action, rest);
            case STARTTLS -> startTls(action);
            case AUTH -> auth(action, rest);
            case MAIL -> mail(action, rest, argument);
            case RCPT -> rcpt(action, argument);
            case DATA -> data(action);
            case RSET -> act(action, ok("2.0.0", "Ok"), r -> resetTransaction(), r -> {});
            case NOOP -> act(action, ok("2.0.0", "Ok"), r -> {}, r -> {});
            case QUIT -> act(action.ending() == Ending.CONTINUE && action.sendsReply() ? action.endingWith(Ending.CLOSE) : action,
                    SmtpReply.of(221, enhanced("2.0.0", "Bye")), r -> {}, r -> {});
            default -> act(action, SmtpReply.of(502, enhanced("5.5.2", "Error: command not recognized")), r -> {}, r -> {});
        }
    }

    private void ehlo(Action action, String domain) {
        SmtpReply dflt;
        if (domain.isEmpty()) {
            dflt = SmtpReply.of(501, enhanced("5.5.4", "Syntax: EHLO hostname"));
        } else {
            List<String> lines = new ArrayList<>();
            lines.add(server.hostnameForReplies() + " greets " + domain);
            if (server.offers(Extension.PIPELINING)) lines.add("PIPELINING");
            if (server.offers(Extension.SIZE)) {
                lines.add(server.sizeLimitBytes() > 0 ? "SIZE " + server.sizeLimitBytes() : "SIZE");
            }
            if (server.offers(Extension.EIGHTBITMIME)) lines.add("8BITMIME");
            if (server.offers(Extension.STARTTLS) && !tlsActive) lines.add("STARTTLS");
            String mechanisms = authMechanisms();
            if (!mechanisms.isEmpty()) lines.add("AUTH " + mechanisms);
            if (server.offers(Extension.ENHANCEDSTATUSCODES)) lines.add("ENHANCEDSTATUSCODES");
            dflt = new SmtpReply(250, lines);
        }
        act(action, dflt, r -> { if (r != null && r.isPositive()) resetTransaction(); }, r -> {});
    }

    private void helo(Action action, String domain) {
        SmtpReply dflt = domain.isEmpty()
                ? SmtpReply.of(501, enhanced("5.5.4", "Syntax: HELO hostname"))
                : SmtpReply.of(250, server.hostnameForReplies());
        act(action, dflt, r -> { if (r != null && r.isPositive()) resetTransaction(); }, r -> {});
    }

    private void startTls(Action action) {
        SmtpReply dflt;
        if (!server.offers(Extension.STARTTLS)) dflt = SmtpReply.of(502, enhanced("5.5.1", "Error: command not implemented"));
        else if (tlsActive) dflt = SmtpReply.of(503, enhanced("5.5.1", "Error: TLS already active"));
        else dflt = SmtpReply.of(220, enhanced("2.0.0", "Ready to start TLS"));
        act(action, dflt, r -> {
            if (r != null && r.code() == 220) {
                // Forget the session (RFC 3207 4.2) and any plaintext pipelined after STARTTLS.
                resetTransaction();
                authenticated = false;
                inbox.clear();
            }
        }, r -> {
            if (r != null && r.code() == 220) {
                // startTls=true: the 220 itself still goes out in plaintext.
                SslHandler ssl = new SslHandler(server.tlsContext().newEngine(ctx.alloc()), true);
                ctx.pipeline().addFirst("tls", ssl);
                ((SmtpLineDecoder) ctx.pipeline().get("framer")).discardBuffered();
            }
        });
    }

    private String authMechanisms() {
        List<String> m = new ArrayList<>();
        if (server.offers(Extension.AUTH_PLAIN)) m.add("PLAIN");
        if (server.offers(Extension.AUTH_LOGIN)) m.add("LOGIN");
        return String.join(" ", m);
    }

    private void auth(Action action, String rest) {
        String[] parts = rest.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].trim() : null;
        SmtpReply dflt;
        Mode next = Mode.COMMAND;
        if (authMechanisms().isEmpty()) {
            dflt = SmtpReply.of(502, enhanced("5.5.1", "Error: authentication not enabled"));
        } else if (authenticated) {
            dflt = SmtpReply.of(503, enhanced("5.5.1", "Error: already authenticated"));
        } else if (mechanism.equals("PLAIN") && server.offers(Extension.AUTH_PLAIN)) {
            if (initial == null) {
                dflt = SmtpReply.of(334, "");
                next = Mode.AUTH_PLAIN;
            } else {
                dflt = checkPlain(initial);
            }
        } else if (mechanism.equals("LOGIN") && server.offers(Extension.AUTH_LOGIN)) {
            if (initial == null) {
                dflt = SmtpReply.of(334, b64("Username:"));
                next = Mode.AUTH_LOGIN_USER;
            } else {
                loginUser = unb64(initial);
                dflt = SmtpReply.of(334, b64("Password:"));
                next = Mode.AUTH_LOGIN_PASSWORD;
            }
        } else {
            dflt = SmtpReply.of(504, enhanced("5.5.4", "Unrecognized authentication type"));
        }
        Mode continuation = next;
        act(action, dflt, r -> {
            if (r == null) return;
            if (r.code() == 334 && action.reply() == null) mode = continuation;
            if (r.code() == 235) authenticated = true;
        }, r -> {});
    }

    private void authContinuation(String text) {
        Mode at = mode;
        mode = Mode.COMMAND;
        if (text.equals("*")) {
            reply(SmtpReply.of(501, enhanced("5.7.0", "Authentication aborted")));
            return;
        }
        switch (at) {
            case AUTH_PLAIN -> {
                SmtpReply r = checkPlain(text);
                if (r.code() == 235) authenticated = true;
                reply(r);
            }
            case AUTH_LOGIN_USER -> {
                loginUser = unb64(text);
                mode = Mode.AUTH_LOGIN_PASSWORD;
                reply(SmtpReply.of(334, b64("Password:")));
            }
            default -> {
                SmtpReply r = login(loginUser, unb64(text));
                if (r.code() == 235) authenticated = true;
                reply(r);
            }
        }
    }

    private SmtpReply checkPlain(String encoded) {
        String decoded = unb64(encoded);
        if (decoded == null) return SmtpReply.of(501, enhanced("5.5.2", "Cannot decode response"));
        String[] fields = decoded.split("\0", -1); // authzid \0 authcid \0 password
        if (fields.length != 3) return SmtpReply.of(501, enhanced("5.5.2", "Malformed PLAIN response"));
        return login(fields[1], fields[2]);
    }

    private SmtpReply login(String user, String password) {
        if (user != null && password != null && server.checkLogin(user, password)) {
            return SmtpReply.of(235, enhanced("2.7.0", "Authentication successful"));
        }
        return SmtpReply.of(535, enhanced("5.7.8", "Error: authentication failed"));
    }

    private void mail(Action action, String rest, String address) {
        SmtpReply dflt;
        if (mailFrom != null) {
            dflt = SmtpReply.of(503, enhanced("5.5.1", "Error: nested MAIL command"));
        } else if (address == null) {
            dflt = SmtpReply.of(501, enhanced("5.5.4", "Syntax: MAIL FROM:<address>"));
        } else if (declaredSizeTooLarge(rest)) {
            dflt = SmtpReply.of(552, enhanced("5.3.4", "Message size exceeds fixed limit"));
        } else {
            dflt = ok("2.1.0", "Ok");
        }
        act(action, dflt, r -> {
            if (r != null && r.isPositive()) {
                mailFrom = address == null ? "" : address;
                recipients.clear();
            }
        }, r -> {});
    }

    private boolean declaredSizeTooLarge(String rest) {
        if (!server.offers(Extension.SIZE) || server.sizeLimitBytes() <= 0) return false;
        for (String param : rest.toUpperCase(Locale.ROOT).split("\\s+")) {
            if (param.startsWith("SIZE=")) {
                try {
                    return Long.parseLong(param.substring(5)) > server.sizeLimitBytes();
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private void rcpt(Action action, String address) {
        SmtpReply dflt;
        if (mailFrom == null) dflt = SmtpReply.of(503, enhanced("5.5.1", "Error: need MAIL command"));
        else if (address == null || address.isEmpty()) dflt = SmtpReply.of(501, enhanced("5.5.4", "Syntax: RCPT TO:<address>"));
        else dflt = ok("2.1.5", "Ok");
        act(action, dflt, r -> {
            if (r != null && r.isPositive() && address != null) recipients.add(address);
        }, r -> {});
    }

    private void data(Action action) {
        SmtpReply dflt;
        if (mailFrom == null) dflt = SmtpReply.of(503, enhanced("5.5.1", "Error: need MAIL command"));
        else if (recipients.isEmpty()) dflt = SmtpReply.of(554, enhanced("5.5.1", "Error: no valid recipients"));
        else dflt = SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>");
        act(action, dflt, r -> {
            if (r != null && r.code() == 354) {
                // Decided now, not when the (maybe delayed) 354 goes out: the lines that follow are content.
                mode = Mode.DATA;
                content.reset();
                dataAtLineStart = true;
                dataBytes = 0;
                closeAfterDataBytes = action.closeAfterDataBytes();
            }
        }, r -> {});
    }

    // --- message content --------------------------------------------------------------------------

    private void dataPiece(RawLine piece) {
        // A piece of an over-long content line: keep its bytes; only a line's first byte is dot-stuffed.
        byte[] b = piece.bytes();
        int skip = dataAtLineStart && b.length > 0 && b[0] == '.' ? 1 : 0;
        content.write(b, skip, b.length - skip);
        dataAtLineStart = false;
        countDataBytes(b.length);
    }

    private void dataLine(RawLine last, byte[] whole) {
        boolean terminator = dataAtLineStart && isDotLine(whole);
        if (terminator) {
            endOfData();
            return;
        }
        // When the line came in pieces, the earlier pieces are stored already; store only the last one.
        byte[] b = last.bytes();
        int skip = dataAtLineStart && b.length > 0 && b[0] == '.' ? 1 : 0;
        content.write(b, skip, b.length - skip);
        dataAtLineStart = true;
        countDataBytes(b.length);
    }

    private static boolean isDotLine(byte[] b) {
        return (b.length == 3 && b[0] == '.' && b[1] == '\r' && b[2] == '\n') || (b.length == 2 && b[0] == '.' && b[1] == '\n');
    }

    private void countDataBytes(int n) {
        dataBytes += n;
        if (closeAfterDataBytes >= 0 && dataBytes >= closeAfterDataBytes && mode == Mode.DATA) {
            transcript.add(Direction.EVENT, "closed mid-DATA after " + dataBytes + " bytes");
            mode = Mode.DONE;
            inbox.clear();
            ctx.close();
        }
    }

    private void endOfData() {
        mode = Mode.COMMAND;
        server.sawStage(Stage.DATA_END);
        byte[] bytes = content.toByteArray();
        String from = mailFrom;
        List<String> to = List.copyOf(recipients);
        resetTransaction();
        Action action = server.rules().decide(Stage.DATA_END, from, connection);
        SmtpReply dflt = server.offers(Extension.SIZE) && server.sizeLimitBytes() > 0 && bytes.length > server.sizeLimitBytes()
                ? SmtpReply.of(552, enhanced("5.3.4", "Message size exceeds fixed limit"))
                : ok("2.0.0", "Ok: queued as " + connection + "." + (server.messageCount() + 1));
        act(action == null ? DEFAULT : action, dflt, r -> {
            if (r != null && r.isPositive()) {
                server.accepted(new ReceivedMessage(from, to, bytes, connection));
                transcript.add(Direction.EVENT, "kept message: " + bytes.length + " bytes from <" + from + "> to " + to);
            }
        }, r -> {});
    }

    private void resetTransaction() {
        mailFrom = null;
        recipients.clear();
        content.reset();
    }

    // --- acting on a decision ---------------------------------------------------------------------

    /**
     * Carries out an action: {@code decided} sees the reply the client will get (null for none) at once,
     * so the session state follows the script; {@code beforeWrite} runs just before the reply goes out.
     */
    private void act(Action action, SmtpReply dflt, Consumer<SmtpReply> decided, Consumer<SmtpReply> beforeWrite) {
        SmtpReply reply = action.reply() != null ? action.reply() : action.defaultReply() ? dflt : null;
        decided.accept(reply);
        if (action.ending() == Ending.HANG) {
            mode = Mode.HUNG;
            transcript.add(Direction.EVENT, "hanging: no further replies");
        }
        later(action.delay(), () -> {
            beforeWrite.accept(reply);
            finish(reply, action.ending());
        });
    }

    /** Runs {@code step} now, or after {@code delay} with the queue held so later lines wait their turn. */
    private void later(Duration delay, Runnable step) {
        if (delay.isZero()) {
            step.run();
            return;
        }
        busy = true;
        ctx.executor().schedule(() -> {
            busy = false;
            if (!ctx.channel().isActive() || mode == Mode.DONE) return;
            step.run();
            drain();
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finish(SmtpReply reply, Ending ending) {
        if (!ctx.channel().isActive()) return;
        ChannelFuture written = reply != null ? write(reply) : ctx.newSucceededFuture();
        switch (ending) {
            case CLOSE -> {
                mode = Mode.DONE;
                if (reply == null) transcript.add(Direction.EVENT, "closed without reply");
                written.addListener(ChannelFutureListener.CLOSE);
            }
            case RESET -> {
                mode = Mode.DONE;
                transcript.add(Direction.EVENT, "reset");
                written.addListener(f -> {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    ctx.close();
                });
            }
            case HALF_CLOSE -> {
                transcript.add(Direction.EVENT, "half-closed: server stopped sending");
                mode = Mode.HUNG;
                written.addListener(f -> ((SocketChannel) ctx.channel()).shutdownOutput());
            }
            default -> { }
        }
    }

    private void reply(SmtpReply reply) {
        write(reply);
    }

    private ChannelFuture write(SmtpReply reply) {
        for (String line : reply.wireLines()) transcript.add(Direction.SERVER, line);
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.encode()));
    }

    // --- small helpers ----------------------------------------------------------------------------

    private SmtpReply ok(String enhancedCode, String text) {
        return SmtpReply.of(250, enhanced(enhancedCode, text));
    }

    /** Default replies carry an enhanced code only when ENHANCEDSTATUSCODES is offered (RFC 2034). */
    private String enhanced(String code, String text) {
        return server.offers(Extension.ENHANCEDSTATUSCODES) ? code + " " + text : text;
    }

    /** The address in "FROM:<a@b> SIZE=1": "a@b"; "" for "<>"; null when the prefix or brackets are wrong. */
    static String path(String rest, String prefix) {
        if (!rest.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        String s = rest.substring(prefix.length()).trim();
        if (s.startsWith("<")) {
            int end = s.indexOf('>');
            return end < 0 ? null : s.substring(1, end);
        }
        int space = s.indexOf(' ');
        String bare = space < 0 ? s : s.substring(0, space);
        return bare.isEmpty() ? null : bare;
    }

    private static String textOf(byte[] line) {
        int n = line.length;
        if (n > 0 && line[n - 1] == '\n') n--;
        if (n > 0 && line[n - 1] == '\r') n--;
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        try {
            return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
