package dev.esakit.engine.delivery;

import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.Destination;
import dev.esakit.engine.routing.Route;
import dev.esakit.engine.routing.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers one message's recipients once: groups them by the route of their domain (RT-2), runs a
 * {@link DeliveryAttempt} per group, and reports every recipient's outcome. It keeps no state about messages:
 * the queue does.
 */
public final class DeliveryAgent {
    private final RouteTable routes;
    private final DeliveryAttempt.DeliveryContext context;
    private final MailLog log;

    public DeliveryAgent(RouteTable routes, DeliveryAttempt.DeliveryContext context) {
        this.routes = routes;
        this.context = context;
        this.log = context.log();
    }

    public CompletableFuture<Map<Integer, RecipientOutcome>> deliver(QueuedMessage message, byte[] content,
                                                                     List<Integer> rids) {
        Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
        for (int rid : rids) {
            byDomain.computeIfAbsent(domainOf(message.recipients().get(rid)), d -> new ArrayList<>()).add(rid);
        }
        Map<Integer, RecipientOutcome> all = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> groups = new ArrayList<>();
        byDomain.forEach((domain, group) -> {
            Route route = routes.lookup(domain).orElseGet(() -> Route.toHosts(domain,
                    List.of(new Destination(domain, Destination.DEFAULT_PORT, 0)))); // RT-3: MX lookup
            if (route.action() == Route.Action.DROP) {
                group.forEach(rid -> all.put(rid, new RecipientOutcome.Delivered(0, "dropped by /dev/null route")));
                return;
            }
            if (route.action() == Route.Action.USE_DNS) {
                route = Route.toHosts(domain, List.of(new Destination(domain, Destination.DEFAULT_PORT, 0)));
            }
            groups.add(new DeliveryAttempt(message, content, route, domain, group, context).run()
                    .thenAccept(outcomes -> outcomes.forEach((rid, outcome) -> all.put(rid, outcome == null
                            ? noHost(message, rid) : outcome))));
        });
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(v -> all);
    }

    /** A recipient that no host took any verdict on (every connection failed before RCPT). */
    private RecipientOutcome noHost(QueuedMessage message, int rid) {
        return new RecipientOutcome.Delayed(0, DeliveryStatus.withoutReply("4.4.0", "no host accepted a connection"));
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
