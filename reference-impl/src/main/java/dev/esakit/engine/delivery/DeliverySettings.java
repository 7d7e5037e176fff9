package dev.esakit.engine.delivery;

import java.time.Duration;

/**
 * How the delivery agent talks to destinations: the name it says in EHLO, the local interface it connects
 * from, and the per-stage client timeouts (RFC 5321 4.5.3.2 defaults; tests shorten them).
 */
public record DeliverySettings(String heloName, String localInterface, Duration connectTimeout,
                               Duration greetingTimeout, Duration commandTimeout, Duration dataBlockTimeout,
                               Duration dataEndTimeout) {

    public static DeliverySettings rfc5321Defaults(String heloName, String localInterface) {
        return new DeliverySettings(heloName, localInterface, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    public DeliverySettings withTimeouts(Duration all) {
        return new DeliverySettings(heloName, localInterface, all, all, all, all, all);
    }
}
