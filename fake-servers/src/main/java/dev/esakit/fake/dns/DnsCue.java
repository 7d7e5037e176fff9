package dev.esakit.fake.dns;

/** A failure the fake DNS server gives for a name instead of its records. */
public enum DnsCue {
    /** RCODE 3: the name does not exist. */
    NXDOMAIN,
    /** RCODE 2: the server failed; resolvers may retry or try another server. */
    SERVFAIL,
    /** No response at all, so the resolver times out. */
    NO_ANSWER
}
