package dev.esakit.engine.inbound;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.queue.DeliveryQueue;
import dev.esakit.engine.queue.Spool;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.time.EngineClock;

/** The engine-wide parts every inbound session uses. */
public record InboundContext(String hostname, String interfaceName, MailLog log, IdSequence icids, IdSequence mids,
                             RouteTable routes, Spool spool, DeliveryQueue queue, EngineClock clock,
                             long maxMessageSize, int maxRecipients, java.time.Duration timeout) {
}
