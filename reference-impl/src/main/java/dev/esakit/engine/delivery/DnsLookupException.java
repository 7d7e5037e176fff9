package dev.esakit.engine.delivery;

/**
 * A DNS lookup that gave no usable answer. {@code permanent} (a hard error, NXDOMAIN) bounces a recipient whose
 * domain has no route (5.1.2 Bad destination host); a soft error (timeout, SERVFAIL) delays it. The message is
 * the log text, in the AsyncOS form {@code DNS Hard Error looking up example.com (MX):  NXDomain}.
 */
public final class DnsLookupException extends RuntimeException {
    private final boolean permanent;

    public DnsLookupException(boolean permanent, String message) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
