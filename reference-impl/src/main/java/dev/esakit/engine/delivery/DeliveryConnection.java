package dev.esakit.engine.delivery;

import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.time.EngineClock;
import io.netty.handler.codec.smtp.SmtpRequests;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open SMTP connection to one destination address, after greeting, EHLO, STARTTLS and AUTH. It can carry
 * several messages one after the other (CONN-1). Its {@code DCID n close} line is written exactly once: by the
 * owner when it ends the connection (so the line comes after that connection's verdicts, before the next
 * host's lines), or when the peer closes it while it sits idle.
 */
final class DeliveryConnection {
    final long dcid;
    final String domain;
    final HostAddress host;
    final String localIp;
    final SmtpConversation conversation;
    private final MailLog log;
    private final AtomicBoolean closeLogged = new AtomicBoolean();
    volatile ServerCapabilities capabilities = ServerCapabilities.none();
    volatile boolean tls;
    volatile boolean busy = true;
    volatile int messages;
    volatile EngineClock.Scheduled idleTimer;
    /** Whether the RSET check before it went idle succeeded (see {@link IdleConnections#release}). */
    volatile java.util.concurrent.CompletableFuture<Boolean> ready =
            java.util.concurrent.CompletableFuture.completedFuture(true);

    DeliveryConnection(long dcid, String domain, HostAddress host, String localIp, SmtpConversation conversation,
                       MailLog log) {
        this.dcid = dcid;
        this.domain = domain;
        this.host = host;
        this.localIp = localIp;
        this.conversation = conversation;
        this.log = log;
        conversation.channel().closeFuture().addListener(f -> {
            if (!busy) {
                logClosed();
            }
        });
    }

    boolean usable() {
        return !closeLogged.get() && conversation.isOpen();
    }

    private void logClosed() {
        if (closeLogged.compareAndSet(false, true)) {
            log.deliveryClosed(dcid);
        }
    }

    /** Ends the connection: QUIT first when the server is still there and did not say 421 (FO-9). */
    void close(boolean quit, Duration quitTimeout) {
        boolean wasOpen = usable();
        logClosed();
        if (quit && wasOpen) {
            conversation.send(SmtpRequests.quit(), quitTimeout).whenComplete((r, e) -> conversation.close());
        } else {
            conversation.close();
        }
    }
}
