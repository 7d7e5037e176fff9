package dev.esakit.engine.delivery;

import dev.esakit.engine.EngineFault;
import dev.esakit.engine.control.AuthProfile;
import dev.esakit.engine.control.DestinationControl;
import dev.esakit.engine.control.TlsMode;
import dev.esakit.engine.log.ConnectionErrorReason;
import dev.esakit.engine.smtp.SmtpReply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLSession;

/**
 * Opens one connection to one host and brings it to the point where it can carry a transaction: connect,
 * greeting, EHLO (HELO after a 5xx, FO-4), STARTTLS per the destination's TLS mode (CONN-3, FO-13), AUTH per the
 * route's profile, only over TLS (CONN-4). Every failure here is a host failure, logged as AsyncOS does:
 * <ul>
 *   <li>connect refused, reset, unreachable (FO-2), connect timeout or no greeting in time (FO-3), connection lost
 *       before any transaction (FO-8): {@code Connection Error ... reason: network error}</li>
 *   <li>4xx/5xx greeting (FO-1, FO-12), 4xx to EHLO or HELO, 5xx to both (FO-4, FO-12), 421 anywhere (FO-9):
 *       {@code Connection Error ... reason: unexpected SMTP response}</li>
 *   <li>TLS required but not offered or failed (FO-13): {@code DCID n IP a TLS was required but could not be
 *       successfully negotiated}</li>
 * </ul>
 * A connect failure has no {@code New SMTP DCID} line (no connection was made), hence no {@code DCID n close} either.
 */
final class ConnectionSetup {
    private static final int MAX_REPLY_LINE = 4096;

    /** How a setup ended. */
    sealed interface Result {
        record Opened(DeliveryConnection connection) implements Result {
        }

        /** The host failed; {@code markDown}: at the connection level, so SEL-6 marks it down. */
        record Failed(boolean markDown) implements Result {
        }

        /** TLS preferred and the handshake broke the connection: try the same host again in plain text. */
        record RetryWithoutTls() implements Result {
        }
    }

    private final DeliveryContext ctx;
    private final String domain;
    private final HostAddress host;
    private final DestinationControl control;
    private final boolean tlsAllowed;
    private final long dcid;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private DeliveryConnection conn;
    private String localIp;

    ConnectionSetup(DeliveryContext ctx, String domain, HostAddress host, DestinationControl control,
                    boolean tlsAllowed) {
        this.ctx = ctx;
        this.domain = domain;
        this.host = host;
        this.control = control;
        this.tlsAllowed = tlsAllowed;
        this.dcid = ctx.dcids().next();
        this.localIp = ctx.settings().localInterface();
    }

    /** Runs the setup; the caller holds a connection slot of the domain, which is given back on close. */
    CompletableFuture<Result> run() {
        SmtpConversation conv = new SmtpConversation();
        Bootstrap b = ctx.bootstrap().clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ctx.settings().connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SmtpResponseDecoder(MAX_REPLY_LINE), new SmtpRequestEncoder(), conv);
                    }
                });
        InetSocketAddress local = localBind();
        ChannelFuture connect = local == null ? b.connect(host.address()) : b.connect(host.address(), local);
        connect.addListener(f -> EngineFault.guard(this::where, () -> {
            if (!f.isSuccess()) {
                ctx.limits().release(domain);
                connectionError(connectFailure(f.cause()), ConnectionErrorReason.NETWORK_ERROR);
                result.complete(new Result.Failed(true));
                return;
            }
            Channel ch = connect.channel();
            ch.closeFuture().addListener(c -> ctx.limits().release(domain));
            localIp = io.netty.util.NetUtil.toAddressString(((InetSocketAddress) ch.localAddress()).getAddress());
            ctx.log().newDelivery(dcid, localIp, host.ip(), host.address().getPort());
            conn = new DeliveryConnection(dcid, domain, host, localIp, conv, ctx.log());
            conv.greeting(ctx.settings().greetingTimeout()).whenComplete(guarded(this::onGreeting));
        }, this::abandon));
        return result;
    }

    /**
     * A step of the setup that throws (an engine fault) must still end it: the connection is closed and the
     * caller's future fails, so the attempt goes on, instead of waiting for a future no one completes.
     */
    private <T> java.util.function.BiConsumer<T, Throwable> guarded(java.util.function.BiConsumer<T, Throwable> step) {
        return EngineFault.guard(this::where, step, this::abandon);
    }

    private String where() {
        return "connection setup DCID " + dcid;
    }

    private void abandon(RuntimeException fault) {
        if (conn != null) {
            conn.conversation.close();
        }
        result.completeExceptionally(fault);
    }

    /** FO-2, FO-3: the error alone, without the address Netty appends ("Connection refused: /127.0.0.1:25"). */
    private static String connectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "timeout";
        }
        String text = SmtpConversation.describe(cause);
        int cut = text.indexOf(": /");
        return cut > 0 ? text.substring(0, cut) : text;
    }

    /** Binds the configured local interface only when it is of the destination's address family. */
    private InetSocketAddress localBind() {
        if (localIp == null) {
            return null;
        }
        try {
            InetAddress l = InetAddress.getByName(localIp);
            boolean sameFamily = (l instanceof Inet4Address) == (host.address().getAddress() instanceof Inet4Address);
            return sameFamily ? new InetSocketAddress(l, 0) : null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private void onGreeting(SmtpReply greeting, Throwable error) {
        if (error != null) {
            lost(error);
        } else if (!greeting.positive()) {
            unexpected(greeting); // FO-1, FO-12, FO-9
        } else {
            ehlo();
        }
    }

    private void ehlo() {
        conn.conversation.send(SmtpRequests.ehlo(ctx.settings().heloName()), ctx.settings().commandTimeout())
                .whenComplete(guarded(this::onEhlo));
    }

    private void onEhlo(SmtpReply reply, Throwable error) {
        if (error != null) {
            lost(error);
        } else if (reply.positive()) {
            conn.capabilities = ServerCapabilities.fromEhlo(reply);
            afterHello();
        } else if (reply.permanentFailure()) {
            // FO-4: a 5xx to EHLO (500/502: no ESMTP) falls back to HELO.
            conn.conversation.send(SmtpRequests.helo(ctx.settings().heloName()), ctx.settings().commandTimeout())
                    .whenComplete(guarded(this::onHelo));
        } else {
            unexpected(reply); // FO-4, FO-9
        }
    }

    private void onHelo(SmtpReply reply, Throwable error) {
        if (error != null) {
            lost(error);
        } else if (reply.positive()) {
            conn.capabilities = ServerCapabilities.none();
            afterHello();
        } else {
            unexpected(reply); // FO-4, FO-12
        }
    }

    private void afterHello() {
        TlsMode mode = control.tls();
        if (conn.tls || mode == TlsMode.NO || (mode == TlsMode.PREFERRED && !tlsAllowed)) {
            auth();
            return;
        }
        if (!conn.capabilities.startTls()) {
            if (mode == TlsMode.REQUIRED) {
                tlsRequiredFailed(true); // FO-13
            } else {
                auth(); // CONN-3: preferred, not offered: plain text
            }
            return;
        }
        conn.conversation.send(new DefaultSmtpRequest(SmtpCommand.valueOf("STARTTLS")), ctx.settings().commandTimeout())
                .whenComplete(guarded((reply, error) -> {
                    if (error != null) {
                        lost(error);
                    } else if (reply.code() == 220) {
                        handshake();
                    } else {
                        ctx.log().tlsFailed(dcid, "STARTTLS unexpected response");
                        if (mode == TlsMode.REQUIRED) {
                            tlsRequiredFailed(reply.code() != 421);
                        } else if (reply.code() == 421) {
                            unexpected(reply);
                        } else {
                            auth(); // preferred: go on in plain text on this connection
                        }
                    }
                }));
    }

    private void handshake() {
        conn.conversation.startTls(ctx.tls(), host.name(), host.address().getPort(), ctx.settings().commandTimeout())
                .whenComplete(guarded((SSLSession session, Throwable error) -> {
                    if (error != null) {
                        ctx.log().tlsFailed(dcid, SmtpConversation.describe(error));
                        if (control.tls() == TlsMode.REQUIRED) {
                            tlsRequiredFailed(false);
                        } else {
                            conn.close(false, ctx.quitTimeout());
                            result.complete(new Result.RetryWithoutTls());
                        }
                        return;
                    }
                    conn.tls = true;
                    ctx.log().tlsSuccess(dcid, session.getProtocol(), session.getCipherSuite());
                    ehlo(); // RFC 3207: the capabilities before TLS no longer count
                }));
    }

    private void auth() {
        AuthProfile profile = control.auth();
        if (profile == null || conn.capabilities.authMechanisms().isEmpty()) {
            opened();
            return;
        }
        if (!conn.tls) {
            // CONN-4: the credentials never travel in plain text; without TLS this host cannot be used.
            connectionError("AUTH profile " + profile.name() + " needs TLS; credentials not sent",
                    ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
            conn.close(true, ctx.quitTimeout());
            result.complete(new Result.Failed(false));
            return;
        }
        var mechanisms = conn.capabilities.authMechanisms();
        if (mechanisms.contains("PLAIN")) {
            String token = b64("\0" + profile.user() + "\0" + profile.password());
            conn.conversation.send(new DefaultSmtpRequest(SmtpCommand.valueOf("AUTH"), "PLAIN", token),
                    ctx.settings().commandTimeout()).whenComplete(guarded(this::onAuthResult));
        } else if (mechanisms.contains("LOGIN")) {
            conn.conversation.send(new DefaultSmtpRequest(SmtpCommand.valueOf("AUTH"), "LOGIN"),
                    ctx.settings().commandTimeout()).thenCompose(r -> expect334(r, profile.user()))
                    .thenCompose(r -> expect334(r, profile.password()))
                    .whenComplete(guarded(this::onAuthResult));
        } else {
            opened(); // no mechanism in common: deliver without AUTH and let the server decide
        }
    }

    private CompletableFuture<SmtpReply> expect334(SmtpReply reply, String answer) {
        if (reply.code() != 334) {
            return CompletableFuture.completedFuture(reply);
        }
        return conn.conversation.sendLine(b64(answer), ctx.settings().commandTimeout(), "AUTH");
    }

    private void onAuthResult(SmtpReply reply, Throwable error) {
        if (error != null) {
            lost(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        } else if (reply.code() == 235) {
            opened();
        } else {
            // A refused login is this host's failure, not the recipients' (reference-defined).
            connectionError(reply.wireText(), ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
            conn.close(reply.code() != 421 && reply.code() != 334, ctx.quitTimeout());
            result.complete(new Result.Failed(false));
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void opened() {
        result.complete(new Result.Opened(conn));
    }

    private void tlsRequiredFailed(boolean quit) {
        ctx.log().tlsRequiredFailed(dcid, host.ip());
        conn.close(quit, ctx.quitTimeout());
        result.complete(new Result.Failed(true));
    }

    /** A reply that makes the host unusable: a 421 closes at once (FO-9), anything else after QUIT. */
    private void unexpected(SmtpReply reply) {
        connectionError(reply.wireText(), ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
        conn.close(reply.code() != 421, ctx.quitTimeout());
        result.complete(new Result.Failed(true));
    }

    /** FO-3, FO-8 before any transaction: timed out or lost while setting up. */
    private void lost(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String detail = cause instanceof ConnectionLost cl && cl.timeout() ? "timeout"
                : SmtpConversation.describe(cause);
        boolean malformed = cause instanceof ConnectionLost cl && cl.malformedReply();
        connectionError(detail, malformed ? ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE
                : ConnectionErrorReason.NETWORK_ERROR);
        conn.close(false, ctx.quitTimeout());
        result.complete(new Result.Failed(true));
    }

    private void connectionError(String details, ConnectionErrorReason reason) {
        ctx.log().connectionError(dcid, domain, host.ip(), host.address().getPort(), details,
                localIp == null ? sourceAddressFor(host.address()) : localIp, reason);
    }

    /**
     * The local address the kernel would use towards {@code remote}, for a connection that never opened and no
     * configured interface: a connected UDP socket tells without sending anything.
     */
    private static String sourceAddressFor(InetSocketAddress remote) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(remote.getAddress(), remote.getPort());
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "0.0.0.0" : io.netty.util.NetUtil.toAddressString(local);
        } catch (java.io.IOException | RuntimeException e) {
            return "0.0.0.0";
        }
    }
}
