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
 */
public record DeliverySettings(String heloName, String localInterface, Duration connectTimeout,
                               Duration greetingTimeout, Duration commandTimeout, Duration dataBlockTimeout,
                               Duration dataEndTimeout, Duration dataInitTimeout, Duration idleTimeout,
                               int maxMessagesPerConnection, int maxRecipientsPerTransaction, int maxConnections) {

    public static DeliverySettings rfc5321Defaults(String heloName, String localInterface) {
        return new DeliverySettings(heloName, localInterface, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(2),
                Duration.ofSeconds(10), 50, 100, 10_000);
    }

    /** Every client timeout set to {@code all} (the idle timeout stays). */
    public DeliverySettings withTimeouts(Duration all) {
        return new DeliverySettings(heloName, localInterface, all, all, all, all, all, all, idleTimeout,
                maxMessagesPerConnection, maxRecipientsPerTransaction, maxConnections);
    }

    public DeliverySettings withConnectTimeout(Duration d) {
        return new DeliverySettings(heloName, localInterface, d, greetingTimeout, commandTimeout, dataBlockTimeout,
                dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction,
                maxConnections);
    }

    public DeliverySettings withGreetingTimeout(Duration d) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, d, commandTimeout, dataBlockTimeout,
                dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction,
                maxConnections);
    }

    public DeliverySettings withCommandTimeout(Duration d) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, d, dataBlockTimeout,
                dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, maxRecipientsPerTransaction,
                maxConnections);
    }

    public DeliverySettings withDataEndTimeout(Duration d) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout,
                dataBlockTimeout, d, dataInitTimeout, idleTimeout, maxMessagesPerConnection,
                maxRecipientsPerTransaction, maxConnections);
    }

    public DeliverySettings withIdleTimeout(Duration d) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout,
                dataBlockTimeout, dataEndTimeout, dataInitTimeout, d, maxMessagesPerConnection,
                maxRecipientsPerTransaction, maxConnections);
    }

    public DeliverySettings withMaxMessagesPerConnection(int n) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout,
                dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, n, maxRecipientsPerTransaction,
                maxConnections);
    }

    public DeliverySettings withMaxRecipientsPerTransaction(int n) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout,
                dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection, n,
                maxConnections);
    }

    public DeliverySettings withMaxConnections(int n) {
        return new DeliverySettings(heloName, localInterface, connectTimeout, greetingTimeout, commandTimeout,
                dataBlockTimeout, dataEndTimeout, dataInitTimeout, idleTimeout, maxMessagesPerConnection,
                maxRecipientsPerTransaction, n);
    }
}
