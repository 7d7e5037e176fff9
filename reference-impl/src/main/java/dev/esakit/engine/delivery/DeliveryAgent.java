package dev.esakit.engine.delivery;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.Destination;
import dev.esakit.engine.routing.Route;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.time.EngineClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * Delivers one message's recipients once: groups them by domain, finds each domain's route (RT-2), and runs a
 * {@link DeliveryAttempt} per domain; reports every recipient's outcome. It keeps no state about messages (the
 * queue does), only about hosts and connections: the rotation (SEL-2), which hosts are down (SEL-6), the open
 * connections (CONN-1) and their limits (CONN-2).
 *
 * <ul>
 *   <li>RT-3: a domain without a route, or whose route is {@code USEDNS}, goes to its MX hosts (preferences as
 *       priority tiers), which are not looked up in the route table again. An MX lookup that hard-fails bounces the
 *       recipient ({@code Bounced: DCID 0 ... 5.1.2 - Bad destination host}); a soft failure delays it (DCID 0).</li>
 *   <li>RT-4: a {@code /dev/null} route drops the recipient: one log line, counted in {@link #droppedRecipients},
 *       reported to the queue as delivered with DCID 0, never sent anywhere.</li>
 * </ul>
 */
public final class DeliveryAgent implements AutoCloseable {
    private final RouteTable routes;
    private final DeliveryContext ctx;
    private final AtomicLong dropped = new AtomicLong();

    public DeliveryAgent(RouteTable routes, DestinationControls controls, Bootstrap bootstrap, MailLog log,
                         IdSequence dcids, HostResolver resolver, DeliverySettings settings, EngineClock clock,
                         Duration hostDownTime) {
        this.routes = routes;
        ConnectionLimits limits = new ConnectionLimits(settings.maxConnections());
        IdleConnections idle = new IdleConnections(clock, settings.idleTimeout(), settings.maxMessagesPerConnection(),
                DeliveryContext.quitTimeout(settings), limits);
        this.ctx = new DeliveryContext(bootstrap, log, dcids, new HostPlan(), new HostStatus(clock, hostDownTime),
                idle, limits, resolver, settings, controls, clock, clientTls());
    }

    /**
     * AsyncOS's TLS "Preferred" and "Required" encrypt without verifying the certificate (verification is the
     * separate "Required - Verify" mode), so the client trusts any certificate.
     */
    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the TLS client", e);
        }
    }

    public CompletableFuture<Map<Integer, RecipientOutcome>> deliver(QueuedMessage message, byte[] content,
                                                                     List<Integer> rids) {
        return deliver(message, () -> content, rids);
    }

    /** Delivers {@code rids}; {@code content} is read only once a connection is ready to carry the message. */
    public CompletableFuture<Map<Integer, RecipientOutcome>> deliver(QueuedMessage message,
                                                                     java.util.function.Supplier<byte[]> content,
                                                                     List<Integer> rids) {
        DeliveryContext c = ctx;
        Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
        for (int rid : rids) {
            byDomain.computeIfAbsent(domainOf(message.recipients().get(rid)), d -> new ArrayList<>()).add(rid);
        }
        MailTransaction.Payload payload = new MailTransaction.Payload(content);
        Map<Integer, RecipientOutcome> all = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> groups = new ArrayList<>();
        byDomain.forEach((domain, group) -> {
            Optional<Route> found = routes.lookup(domain);
            if (found.isPresent() && found.get().action() == Route.Action.DROP) {
                c.log().droppedByRoute(message.mid(), group);
                dropped.addAndGet(group.size());
                group.forEach(rid -> all.put(rid, new RecipientOutcome.Delivered(0, "dropped by /dev/null route")));
                return;
            }
            CompletableFuture<Map<Integer, RecipientOutcome>> attempt;
            if (found.isPresent() && found.get().action() == Route.Action.HOSTS) {
                Route route = found.get();
                attempt = new DeliveryAttempt(c, message, payload, route.domain(), domain, route.destinations(), false,
                        group).run();
            } else {
                attempt = viaMx(c, message, payload, domain, group);
            }
            groups.add(attempt.thenAccept(all::putAll));
        });
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(v -> Map.copyOf(all));
    }

    /** RT-3: MX lookup of the recipient domain; the MX hosts are not routed again. */
    private CompletableFuture<Map<Integer, RecipientOutcome>> viaMx(DeliveryContext c, QueuedMessage message,
            MailTransaction.Payload payload, String domain, List<Integer> group) {
        return ctx.resolver().mailExchangers(domain).handle((mxs, error) -> {
            if (error == null) {
                List<Destination> hosts = mxs.stream()
                        .map(mx -> new Destination(mx.host(), ctx.settings().mxPort(), mx.preference())).toList();
                return new DeliveryAttempt(c, message, payload, "mx:" + domain, domain, hosts, true, group).run();
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean hard = cause instanceof DnsLookupException dns && dns.permanent();
            String text = cause instanceof DnsLookupException ? cause.getMessage()
                    : "DNS Soft Error looking up " + domain + " (MX): " + SmtpConversation.describe(cause);
            DeliveryStatus status = DeliveryStatus.withoutReply(hard ? "5.1.2" : "4.4.0", text);
            Map<Integer, RecipientOutcome> out = new LinkedHashMap<>();
            for (int rid : group) {
                String rcpt = message.recipients().get(rid);
                if (hard) {
                    c.log().bounced(0, message.mid(), message.sender(), rcpt, rid, status);
                    out.put(rid, new RecipientOutcome.Bounced(0, status));
                } else {
                    c.log().delayed(0, message.mid(), message.sender(), rcpt, rid, status);
                    out.put(rid, new RecipientOutcome.Delayed(0, status));
                }
            }
            return CompletableFuture.completedFuture(out);
        }).thenCompose(f -> f);
    }

    /** RT-4: recipients dropped by {@code /dev/null} routes since start. */
    public long droppedRecipients() {
        return dropped.get();
    }

    /** SEL-6: whether {@code host} is marked down now. */
    public boolean isDown(java.net.InetSocketAddress host) {
        return ctx.hostStatus().isDown(host);
    }

    /** Closes idle connections (QUIT, {@code DCID n close}). */
    @Override
    public void close() {
        ctx.idle().closeAll();
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
