package dev.esakit.engine.delivery;

import dev.esakit.engine.EngineFault;
import dev.esakit.engine.control.DestinationControl;
import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.Destination;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One delivery attempt of one message's recipients of one domain: the hosts in {@link HostPlan} order, each
 * tried at once after the one before failed (SEL-3), until every recipient is delivered or bounced or no host
 * is left. Recipients still open at the end come back as {@link RecipientOutcome.Delayed} for the queue to hold
 * (SEL-4); it never falls back to MX.
 *
 * <p>Within a tier, an idle open connection to any of its hosts is used first (CONN-1); otherwise a new
 * connection goes to the tier's next host in rotation (SEL-2). Hosts that are down are skipped (SEL-6); a
 * higher tier is only reached when every host of the lower tiers failed or is down, so a recovered primary
 * takes the next message and idle connections to backups take none.
 */
final class DeliveryAttempt {
    private final DeliveryContext ctx;
    private final QueuedMessage message;
    private final MailTransaction.Payload payload;
    private final String routeKey;
    private final String domain;
    private final List<Destination> destinations;
    private final boolean mxHosts;
    private final List<Integer> rids;
    private final DestinationControl control;
    private final Map<Integer, RecipientOutcome> outcomes = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> tried = new HashSet<>();
    private final CompletableFuture<Map<Integer, RecipientOutcome>> done = new CompletableFuture<>();
    private List<List<HostAddress>> tiers = List.of();
    private DnsLookupException dnsError;
    /** The connection a transaction of this attempt is using, if any: closed if a step fails. */
    private volatile DeliveryConnection carrying;
    private boolean onlyHardDnsErrors = true;

    /**
     * @param mxHosts true when {@code destinations} are MX answers (RT-3): resolved by A/AAAA only; false for a
     *                route's destinations, whose hostnames go through MX first (RT-5)
     */
    DeliveryAttempt(DeliveryContext ctx, QueuedMessage message, MailTransaction.Payload payload, String routeKey,
                    String domain, List<Destination> destinations, boolean mxHosts, List<Integer> rids) {
        this.ctx = ctx;
        this.message = message;
        this.payload = payload;
        this.routeKey = routeKey;
        this.domain = domain;
        this.destinations = destinations;
        this.mxHosts = mxHosts;
        this.rids = List.copyOf(rids);
        this.control = ctx.controls().lookup(domain);
    }

    CompletableFuture<Map<Integer, RecipientOutcome>> run() {
        List<CompletableFuture<List<HostAddress>>> lookups = new ArrayList<>();
        for (Destination d : destinations) {
            lookups.add(resolve(d).exceptionally(e -> {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                dnsError = c instanceof DnsLookupException dns ? dns
                        : new DnsLookupException(false, "DNS Soft Error looking up " + d.host() + ": "
                        + SmtpConversation.describe(c));
                onlyHardDnsErrors &= dnsError.permanent();
                return List.of();
            }));
        }
        CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).whenComplete(guarded((v, e) -> {
            List<HostAddress> hosts = new ArrayList<>();
            lookups.forEach(l -> hosts.addAll(l.join()));
            tiers = ctx.plan().tiers(routeKey, hosts);
            next();
        }));
        return done;
    }

    /** SEL-5: every address of a name is a host of the name's tier, in the resolver's order. */
    private CompletableFuture<List<HostAddress>> resolve(Destination d) {
        if (mxHosts || HostResolver.isIpLiteral(d.host())) {
            return addresses(d.host(), d.port(), d.priority());
        }
        // RT-5: a hostname destination is resolved by MX lookup, then A/AAAA.
        return ctx.resolver().mailExchangers(d.host()).thenCompose(mxs -> {
            List<CompletableFuture<List<HostAddress>>> each = new ArrayList<>();
            mxs.stream().sorted((a, b) -> Integer.compare(a.preference(), b.preference()))
                    .forEach(mx -> each.add(addresses(mx.host(), d.port(), d.priority())));
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<HostAddress> out = new ArrayList<>();
                each.forEach(f -> out.addAll(f.join()));
                return out;
            });
        });
    }

    private CompletableFuture<List<HostAddress>> addresses(String host, int port, int priority) {
        return ctx.resolver().addresses(host, port).thenApply(list -> list.stream()
                .map(a -> new HostAddress(host, a, priority)).toList());
    }

    private List<Integer> open() {
        List<Integer> open = new ArrayList<>();
        for (int rid : rids) {
            RecipientOutcome o = outcomes.get(rid);
            if (o == null || !o.isFinal()) {
                open.add(rid);
            }
        }
        return open;
    }

    private void next() {
        if (open().isEmpty()) {
            finish();
            return;
        }
        for (List<HostAddress> tier : tiers) {
            List<HostAddress> candidates = tier.stream()
                    .filter(h -> !tried.contains(h.address()) && !ctx.hostStatus().isDown(h.address()))
                    .toList();
            if (candidates.isEmpty()) {
                continue;
            }
            DeliveryConnection idle = ctx.idle().take(domain, candidates.stream().map(HostAddress::address).toList());
            if (idle != null) {
                idle.ready.whenComplete(guarded((ok, e) -> {
                    if (e == null && ok && idle.usable()) {
                        tried.add(idle.host.address());
                        carry(idle);
                    } else {
                        idle.close(false, ctx.quitTimeout());
                        next(); // the host itself may be fine: it gets a new connection
                    }
                }));
                return;
            }
            HostAddress host = candidates.get(0);
            tried.add(host.address());
            connect(host, true);
            return;
        }
        finish();
    }

    private void connect(HostAddress host, boolean tlsAllowed) {
        CompletableFuture<Boolean> slot = ctx.limits().acquire(domain, control.maxConnections());
        if (!slot.isDone()) {
            ctx.idle().evictOne(domain, ctx.limits().full()); // CONN-2: an idle connection gives its slot up
        }
        slot.whenComplete(guarded((granted, error) -> {
            if (error != null) {
                next();
                return;
            }
            if (!granted) {
                tried.remove(host.address()); // woken: a connection of this domain went idle; choose again
                next();
                return;
            }
            ctx.plan().connectionOpened(routeKey, host.priority());
            new ConnectionSetup(ctx, domain, host, control, tlsAllowed).run().whenComplete(guarded((result, failure) -> {
                if (failure != null) {
                    next();
                } else if (result instanceof ConnectionSetup.Result.Opened opened) {
                    carry(opened.connection());
                } else if (result instanceof ConnectionSetup.Result.RetryWithoutTls) {
                    connect(host, false);
                } else {
                    if (((ConnectionSetup.Result.Failed) result).markDown()) {
                        ctx.hostStatus().markDown(host.address()); // SEL-6
                    }
                    next();
                }
            }));
        }));
    }

    /** Runs this message's open recipients over {@code conn}, at most 100 a transaction (CONN-5). */
    private void carry(DeliveryConnection conn) {
        carrying = conn;
        List<Integer> open = open();
        int max = ctx.settings().maxRecipientsPerTransaction();
        List<List<Integer>> chunks = new ArrayList<>();
        for (int i = 0; i < open.size(); i += max) {
            chunks.add(open.subList(i, Math.min(open.size(), i + max)));
        }
        carryChunks(conn, chunks, 0);
    }

    private void carryChunks(DeliveryConnection conn, List<List<Integer>> chunks, int i) {
        if (i == chunks.size()) {
            carrying = null;
            ctx.idle().release(conn);
            next();
            return;
        }
        new MailTransaction(ctx, conn, message, payload, chunks.get(i), outcomes).run()
                .whenComplete(guarded((reusable, error) -> {
                    if (error == null && reusable && conn.usable()) {
                        carryChunks(conn, chunks, i + 1);
                    } else {
                        carrying = null;
                        conn.close(true, ctx.quitTimeout());
                        next();
                    }
                }));
    }

    /**
     * A step that throws (an engine fault) ends the attempt: the connection it was using is closed, and every
     * recipient without a verdict is held (Delayed, to be tried again), instead of the message waiting in flight
     * for a future no one completes.
     */
    private <T> BiConsumer<T, Throwable> guarded(BiConsumer<T, Throwable> step) {
        return EngineFault.guard(() -> "the delivery of MID " + message.mid() + " to " + domain, step, fault -> {
            DeliveryConnection conn = carrying;
            if (conn != null) {
                conn.conversation.close();
            }
            DeliveryStatus status = DeliveryStatus.withoutReply("4.4.0", "engine fault: "
                    + SmtpConversation.describe(fault));
            for (int rid : rids) {
                outcomes.putIfAbsent(rid, new RecipientOutcome.Delayed(0, status));
            }
            done.complete(Map.copyOf(outcomes));
        });
    }

    private void finish() {
        boolean noHost = tiers.isEmpty() && dnsError != null;
        // RT-3: when every MX host of a domain without a route does not exist, the address is bad (5.1.2), as when
        // the MX lookup itself says NXDOMAIN. A route's own hosts never bounce this way: SEL-4 holds the message.
        boolean bounce = noHost && mxHosts && onlyHardDnsErrors;
        DeliveryStatus status = noHost
                ? DeliveryStatus.withoutReply(bounce ? "5.1.2" : "4.4.0", dnsError.getMessage())
                : DeliveryStatus.withoutReply("4.4.0", "no host accepted the message");
        for (int rid : rids) {
            if (!outcomes.containsKey(rid)) {
                String rcpt = message.recipients().get(rid);
                if (bounce) {
                    ctx.log().bounced(0, message.mid(), message.sender(), rcpt, rid, status);
                    outcomes.put(rid, new RecipientOutcome.Bounced(0, status));
                    continue;
                }
                if (noHost) {
                    // LOG-2: DCID 0, nothing connected; the only line that tells why.
                    ctx.log().delayed(0, message.mid(), message.sender(), rcpt, rid, status);
                }
                outcomes.put(rid, new RecipientOutcome.Delayed(0, status));
            }
        }
        done.complete(Map.copyOf(outcomes));
    }
}
