package dev.esakit.engine.control;

/**
 * What AsyncOS calls a destination control entry, for one receiving domain: TLS mode (CONN-3), the outgoing
 * AUTH profile of its route (CONN-4, null for none) and the limit of concurrent connections (CONN-2).
 */
public record DestinationControl(String domain, TlsMode tls, AuthProfile auth, int maxConnections) {
    /** Defaults [UG]: no TLS, no AUTH, 500 connections per domain. */
    public static final int DEFAULT_MAX_CONNECTIONS = 500;

    public static DestinationControl defaults(String domain) {
        return new DestinationControl(domain, TlsMode.NO, null, DEFAULT_MAX_CONNECTIONS);
    }

    public DestinationControl {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be at least 1, got " + maxConnections);
        }
    }

    public DestinationControl withTls(TlsMode mode) {
        return new DestinationControl(domain, mode, auth, maxConnections);
    }

    public DestinationControl withAuth(AuthProfile profile) {
        return new DestinationControl(domain, tls, profile, maxConnections);
    }

    public DestinationControl withMaxConnections(int n) {
        return new DestinationControl(domain, tls, auth, n);
    }
}
