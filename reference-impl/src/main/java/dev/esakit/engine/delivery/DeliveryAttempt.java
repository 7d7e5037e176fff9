package dev.esakit.engine.delivery;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.log.ConnectionErrorReason;
import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.Destination;
import dev.esakit.engine.routing.Route;
import dev.esakit.engine.smtp.DotStuffing;
import dev.esakit.engine.smtp.SmtpReply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One delivery attempt of one message's recipients for one route: the hosts in {@link HostPlan} order, each
 * tried at once after the one before failed (SEL-3), until every recipient is delivered or bounced or no
 * host is left. Recipients still deferred at the end come back as {@link RecipientOutcome.Delayed} for the
 * queue to hold (SEL-4).
 */
public final class DeliveryAttempt {
    private static final int MAX_REPLY_LINE = 4096;

    private final QueuedMessage message;
    private final byte[] stuffedContent;
    private final Route route;
    private final String domain;
    private final List<Destination> hosts;
    private final DeliveryContext ctx;
    private final Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final CompletableFuture<Map<Integer, RecipientOutcome>> done = new CompletableFuture<>();

    /** The engine-wide parts an attempt uses. */
    public record DeliveryContext(Bootstrap bootstrap, MailLog log, IdSequence dcids, HostPlan plan,
                                  HostResolver resolver, DeliverySettings settings) {
    }

    public DeliveryAttempt(QueuedMessage message, byte[] content, Route route, String domain, List<Integer> rids,
                           DeliveryContext ctx) {
        this.message = message;
        this.stuffedContent = DotStuffing.stuff(content);
        this.route = route;
        this.domain = domain;
        this.hosts = ctx.plan().order(route);
        this.ctx = ctx;
        rids.forEach(rid -> outcomes.put(rid, null));
    }

    public CompletableFuture<Map<Integer, RecipientOutcome>> run() {
        tryHost(0);
        return done;
    }

    private void tryHost(int hostIndex) {
        if (openRecipients().isEmpty() || hostIndex >= hosts.size()) {
            done.complete(outcomes);
            return;
        }
        Destination host = hosts.get(hostIndex);
        List<InetSocketAddress> addresses;
        try {
            addresses = ctx.resolver().resolve(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        tryAddresses(host, addresses, 0, () -> tryHost(hostIndex + 1));
    }

    /** SEL-5: every address of a destination is a host of its tier, in the resolver's order. */
    private void tryAddresses(Destination host, List<InetSocketAddress> addresses, int i, Runnable then) {
        if (i == addresses.size() || openRecipients().isEmpty()) {
            then.run();
            return;
        }
        new HostSession(host, addresses.get(i)).run()
                .whenComplete((v, e) -> tryAddresses(host, addresses, i + 1, then));
    }

    private List<Integer> openRecipients() {
        List<Integer> open = new ArrayList<>();
        outcomes.forEach((rid, outcome) -> {
            if (outcome == null || !outcome.isFinal()) {
                open.add(rid);
            }
        });
        return open;
    }

    /** One connection to one host address, carrying this message's open recipients. */
    private final class HostSession {
        private final Destination host;
        private final InetSocketAddress address;
        private final long dcid = ctx.dcids().next();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private SmtpConversation conversation;
        private String localIp = ctx.settings().localInterface();
        private List<Integer> inTransaction = List.of();

        HostSession(Destination host, InetSocketAddress address) {
            this.host = host;
            this.address = address;
        }

        CompletableFuture<Void> run() {
            SmtpConversation conv = new SmtpConversation();
            Bootstrap b = ctx.bootstrap().clone()
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ctx.settings().connectTimeout().toMillis())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new SmtpResponseDecoder(MAX_REPLY_LINE), new SmtpRequestEncoder(),
                                    conv);
                        }
                    });
            ChannelFuture connect = localIp == null ? b.connect(address)
                    : b.connect(address, new InetSocketAddress(localIp, 0));
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    connectionError(describeConnectFailure(f.cause()), ConnectionErrorReason.NETWORK_ERROR);
                    finished.complete(null);
                    return;
                }
                Channel ch = connect.channel();
                localIp = ((InetSocketAddress) ch.localAddress()).getAddress().getHostAddress();
                ctx.plan().connectionOpened(route, host);
                ctx.log().newDelivery(dcid, localIp, remoteIp(), address.getPort());
                this.conversation = conv;
                ch.closeFuture().addListener(c -> ctx.log().deliveryClosed(dcid));
                conv.greeting(ctx.settings().greetingTimeout()).whenComplete(this::onGreeting);
            });
            return finished;
        }

        private void onGreeting(SmtpReply greeting, Throwable error) {
            if (error != null) {
                lost(error);
                return;
            }
            if (!greeting.positive()) {
                // FO-1, FO-12: a 4xx or 5xx banner makes the host unusable for this attempt.
                connectionError(greeting.wireText(), ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
                quit();
                return;
            }
            conversation.send(SmtpRequests.ehlo(ctx.settings().heloName()), ctx.settings().commandTimeout())
                    .whenComplete(this::onEhlo);
        }

        private void onEhlo(SmtpReply reply, Throwable error) {
            if (error != null) {
                lost(error);
                return;
            }
            if (reply.permanentFailure()) {
                // FO-4: a 5xx to EHLO falls back to HELO.
                conversation.send(SmtpRequests.helo(ctx.settings().heloName()), ctx.settings().commandTimeout())
                        .whenComplete(this::onHelo);
                return;
            }
            onHelo(reply, null);
        }

        private void onHelo(SmtpReply reply, Throwable error) {
            if (error != null) {
                lost(error);
                return;
            }
            if (!reply.positive()) {
                connectionError(reply.wireText(), ConnectionErrorReason.UNEXPECTED_SMTP_RESPONSE);
                quit();
                return;
            }
            inTransaction = openRecipients();
            ctx.log().deliveryStart(dcid, message.mid(), inTransaction);
            conversation.send(SmtpRequests.mail(message.sender().isEmpty() ? null : message.sender()),
                    ctx.settings().commandTimeout()).whenComplete(this::onMail);
        }

        private void onMail(SmtpReply reply, Throwable error) {
            if (error != null) {
                lost(error);
                return;
            }
            if (!reply.positive()) {
                // FO-5, FO-11: the verdict applies to every recipient of the transaction.
                inTransaction.forEach(rid -> record(rid, reply));
                quit();
                return;
            }
            sendRecipients(new ArrayList<>(inTransaction), new ArrayList<>(), 0);
        }

        private void sendRecipients(List<Integer> rids, List<Integer> accepted, int i) {
            if (i == rids.size()) {
                afterRecipients(accepted);
                return;
            }
            int rid = rids.get(i);
            conversation.send(SmtpRequests.rcpt(message.recipients().get(rid)), ctx.settings().commandTimeout())
                    .whenComplete((reply, error) -> {
                        if (error != null) {
                            lost(error);
                            return;
                        }
                        if (reply.positive()) {
                            accepted.add(rid);
                        } else {
                            record(rid, reply); // FO-6, FO-10: per recipient
                        }
                        sendRecipients(rids, accepted, i + 1);
                    });
        }

        private void afterRecipients(List<Integer> accepted) {
            if (accepted.isEmpty()) {
                quit();
                return;
            }
            inTransaction = accepted;
            conversation.send(SmtpRequests.data(), ctx.settings().commandTimeout()).whenComplete((reply, error) -> {
                if (error != null) {
                    lost(error);
                } else if (reply.code() != 354) {
                    accepted.forEach(rid -> record(rid, reply)); // FO-7, FO-11
                    quit();
                } else {
                    conversation.sendContent(stuffedContent, ctx.settings().dataEndTimeout())
                            .whenComplete(this::onDataEnd);
                }
            });
        }

        private void onDataEnd(SmtpReply reply, Throwable error) {
            if (error != null) {
                lost(error);
                return;
            }
            if (reply.positive()) {
                inTransaction.forEach(rid -> outcomes.put(rid, new RecipientOutcome.Delivered(dcid, reply.wireText())));
                ctx.log().messageDone(dcid, message.mid(), inTransaction);
                ctx.log().response(message.mid(), inTransaction, String.join(" ", reply.lines()));
            } else {
                inTransaction.forEach(rid -> record(rid, reply));
            }
            inTransaction = List.of();
            quit();
        }

        private void record(int rid, SmtpReply reply) {
            DeliveryStatus status = DeliveryStatus.of(reply);
            String rcpt = message.recipients().get(rid);
            if (reply.permanentFailure()) {
                ctx.log().bounced(dcid, message.mid(), message.sender(), rcpt, rid, status);
                outcomes.put(rid, new RecipientOutcome.Bounced(dcid, status));
            } else {
                ctx.log().delayed(dcid, message.mid(), message.sender(), rcpt, rid, status);
                outcomes.put(rid, new RecipientOutcome.Delayed(dcid, status));
            }
        }

        /** FO-8: the connection ended or timed out before the final reply. */
        private void lost(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            String detail = cause instanceof ConnectionLost cl && cl.timeout() ? "timeout"
                    : SmtpConversation.describe(cause);
            if (inTransaction.isEmpty()) {
                connectionError(detail, ConnectionErrorReason.NETWORK_ERROR);
            } else {
                DeliveryStatus status = DeliveryStatus.withoutReply("4.4.0", detail);
                for (int rid : inTransaction) {
                    ctx.log().delayed(dcid, message.mid(), message.sender(), message.recipients().get(rid), rid,
                            status);
                    outcomes.put(rid, new RecipientOutcome.Delayed(dcid, status));
                }
                inTransaction = List.of();
            }
            conversation.close();
            finished.complete(null);
        }

        private void quit() {
            conversation.send(SmtpRequests.quit(), ctx.settings().commandTimeout())
                    .whenComplete((r, e) -> conversation.close());
            finished.complete(null);
        }

        private void connectionError(String details, ConnectionErrorReason reason) {
            ctx.log().connectionError(dcid, domain, remoteIp(), address.getPort(), details,
                    localIp == null ? "0.0.0.0" : localIp, reason);
        }

        private String remoteIp() {
            return address.getAddress().getHostAddress();
        }

        private String describeConnectFailure(Throwable cause) {
            String m = SmtpConversation.describe(cause);
            return m.contains("Connection refused") ? "Connection refused" : m;
        }
    }
}
