package dev.esakit.fake.dns;

import java.time.Instant;

/** A query the fake DNS server received and how it answered ("NOERROR 2 answers", "NXDOMAIN", ...). */
public record DnsQueryRecord(Instant at, String transport, String name, String type, String outcome) {
    @Override
    public String toString() {
        return at + " " + transport + " " + name + " " + type + " -> " + outcome;
    }
}
