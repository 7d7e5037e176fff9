package dev.esakit.fake.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fills a response for a query from the zone; shared by the UDP and TCP transports. MX answers carry the
 * exchanges' A/AAAA records as additional data, as real authoritative servers do.
 */
final class DnsAnswerer {
    static final long TTL_SECONDS = 60;

    private final DnsZone zone;

    DnsAnswerer(DnsZone zone) {
        this.zone = zone;
    }

    /** Null when the cue says not to answer at all; else a short description of the answer. */
    String answer(DnsQuery query, DnsResponse response) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        response.setAuthoritativeAnswer(true);
        response.setRecursionDesired(query.isRecursionDesired());
        response.setRecursionAvailable(false);
        if (question == null) {
            response.setCode(DnsResponseCode.FORMERR);
            return "FORMERR (no question)";
        }
        response.addRecord(DnsSection.QUESTION, question);
        String name = question.name();
        DnsCue cue = zone.cueFor(name);
        if (cue == DnsCue.NO_ANSWER) return null;
        if (cue == DnsCue.SERVFAIL) {
            response.setCode(DnsResponseCode.SERVFAIL);
            return "SERVFAIL";
        }
        if (cue == DnsCue.NXDOMAIN || !zone.exists(name)) {
            response.setCode(DnsResponseCode.NXDOMAIN);
            return "NXDOMAIN";
        }
        response.setCode(DnsResponseCode.NOERROR);
        int answers = 0;
        DnsRecordType type = question.type();
        if (type == DnsRecordType.MX) {
            for (DnsZone.MxRecord mx : zone.mxFor(name)) {
                ByteBuf rdata = Unpooled.buffer();
                rdata.writeShort(mx.preference());
                writeName(rdata, mx.exchange());
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(name, DnsRecordType.MX, TTL_SECONDS, rdata));
                answers++;
                for (DnsRecordType family : List.of(DnsRecordType.A, DnsRecordType.AAAA)) {
                    for (InetAddress a : zone.addressesFor(mx.exchange(), family)) {
                        response.addRecord(DnsSection.ADDITIONAL, address(mx.exchange(), family, a));
                    }
                }
            }
        } else if (type == DnsRecordType.A || type == DnsRecordType.AAAA) {
            for (InetAddress a : zone.addressesFor(name, type)) {
                response.addRecord(DnsSection.ANSWER, address(name, type, a));
                answers++;
            }
        }
        return "NOERROR " + answers + (answers == 1 ? " answer" : " answers");
    }

    private static DefaultDnsRawRecord address(String name, DnsRecordType type, InetAddress a) {
        return new DefaultDnsRawRecord(name, type, TTL_SECONDS, Unpooled.wrappedBuffer(a.getAddress()));
    }

    /** A domain name in uncompressed wire form: length-prefixed labels, then a zero byte. */
    private static void writeName(ByteBuf out, String name) {
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) continue;
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.writeByte(bytes.length);
            out.writeBytes(bytes);
        }
        out.writeByte(0);
    }
}
