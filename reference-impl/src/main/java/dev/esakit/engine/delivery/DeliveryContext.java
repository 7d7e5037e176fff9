package dev.esakit.engine.delivery;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.time.EngineClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;

/** The engine-wide parts every delivery attempt and connection uses. */
record DeliveryContext(Bootstrap bootstrap, MailLog log, IdSequence dcids, HostPlan plan, HostStatus hostStatus,
                       IdleConnections idle, ConnectionLimits limits, HostResolver resolver, DeliverySettings settings,
                       DestinationControls controls, EngineClock clock, SslContext tls) {

    /** How long a QUIT may take before the connection is dropped anyway: the command timeout, at most 5 s. */
    java.time.Duration quitTimeout() {
        return quitTimeout(settings);
    }

    static java.time.Duration quitTimeout(DeliverySettings settings) {
        java.time.Duration five = java.time.Duration.ofSeconds(5);
        return settings.commandTimeout().compareTo(five) < 0 ? settings.commandTimeout() : five;
    }
}
