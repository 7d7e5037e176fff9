package dev.esakit.engine.delivery;

import java.time.Duration;

/**
 * How the delivery agent talks to destinations: the name it says in EHLO, the local interface it connects
 * from, the per-stage client timeouts (CONN-5: RFC 5321 4.5.3.2 defaults; tests shorten them), and the
 * connection limits (CONN-1, CONN-2, CONN-5).
 *
 * @param connectTimeout        TCP connect (not in RFC 5321; 30 s)
 * @param greetingTimeout       initial 220 (5 min)
 * @param commandTimeout        EHLO/HELO, STARTTLS, AUTH, MAIL, RCPT (5 min)
 * @param dataInitTimeout       the 354 to DATA (2 min)
 * @param dataBlockTimeout      writing the message content (3 min)
 * @param dataEndTimeout        the reply to the end of data (10 min)
 * @param idleTimeout           an open connection with no message to carry is closed after this (reference-defined, 10 s;
 *                              measured on the engine clock, so a virtual clock closes it when time is passed)
 * @param maxMessagesPerConnection CONN-1: a connection carries at most this many messages (50)
 * @param maxRecipientsPerTransaction CONN-5: at most this many RCPT in one transaction (100); more are split
 * @param maxConnections        CONN-2: system-wide limit of open delivery connections (10,000)
 * @param mxPort                the port of hosts found by MX lookup (RT-3, RT-5): 25; tests move it to where their
 *                              fake servers listen
 */
public record DeliverySettings(String heloName, String localInterface, Duration connectTimeout, Duration greetingTimeout, Duration commandTimeout, Duration dataBlockTimeout, Duration dataEndTimeout, Duration dataInitTimeout, Duration idleTimeout, int maxMessagesPerConnection, int maxRecipientsPerTransaction, int maxConnections, int mxPort) {

    public static DeliverySettings rfc5321Defaults(String heloName, String localInterface) {
        return new DeliverySettings(heloName, localInterface, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(2),
                Duration.ofSeconds(10), 50, 100, 10_000, 25);
    }

    /** Every client timeout set to {@code all} (the idle timeout stays). */
    public DeliverySettings withTimeouts(Duration all) {
        return new DeliverySettings(heloName, localInterface, all, all, all, all, all, all, idleTimeout,
                maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withConnectTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, v, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withGreetingTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, v, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withCommandTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, v, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withDataInitTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, v, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withDataBlockTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, v, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withDataEndTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, v, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withIdleTimeout(Duration v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, v, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withMaxMessagesPerConnection(int v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, v, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withMaxRecipientsPerTransaction(int v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, v, maxConnections, mxPort);
    }

    public DeliverySettings withMaxConnections(int v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, v, mxPort);
    }

    public DeliverySettings withMxPort(int v) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, v);
    }

    public DeliverySettings withHeloName(String v) {
        return new DeliverySettings(v, localInterface, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }

    public DeliverySettings withLocalInterface(String v) {
        return new DeliverySettings(heloName, v, connectTimeout, greetingTimeout, commandTimeout, dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections, mxPort);
    }
}
