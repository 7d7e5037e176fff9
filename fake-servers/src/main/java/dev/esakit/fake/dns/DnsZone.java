package dev.esakit.fake.dns;

import io.netty.handler.codec.dns.DnsRecordType;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The names the fake DNS server knows: MX, A and AAAA records, and cues that make a name fail. A name
 * with neither records nor a cue does not exist (NXDOMAIN): the server is authoritative for everything.
 */
final class DnsZone {
    record MxRecord(int preference, String exchange) {}

    private final Map<String, List<MxRecord>> mx = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Map<String, DnsCue> cues = new ConcurrentHashMap<>();

    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    void addMx(String name, int preference, String exchange) {
        if (preference < 0 || preference > 65535) throw new IllegalArgumentException("MX preference must be 0..65535");
        mx.computeIfAbsent(normalize(name), k -> new CopyOnWriteArrayList<>()).add(new MxRecord(preference, normalize(exchange)));
    }

    void addAddress(String name, String literal, Class<? extends InetAddress> family) {
        InetAddress address = literal(literal);
        if (!family.isInstance(address)) {
            throw new IllegalArgumentException("'" + literal + "' is not an " + (family == Inet4Address.class ? "IPv4" : "IPv6") + " address");
        }
        addresses.computeIfAbsent(normalize(name), k -> new CopyOnWriteArrayList<>()).add(address);
    }

    void cue(String name, DnsCue cue) {
        if (cue == null) cues.remove(normalize(name));
        else cues.put(normalize(name), cue);
    }

    DnsCue cueFor(String name) { return cues.get(normalize(name)); }

    boolean exists(String name) {
        String n = normalize(name);
        return mx.containsKey(n) || addresses.containsKey(n);
    }

    List<MxRecord> mxFor(String name) { return mx.getOrDefault(normalize(name), List.of()); }

    List<InetAddress> addressesFor(String name, DnsRecordType type) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addresses.getOrDefault(normalize(name), List.of())) {
            if (type == DnsRecordType.A ? a instanceof Inet4Address : a instanceof Inet6Address) out.add(a);
        }
        return out;
    }

    /** Parses an IP literal without ever asking a real resolver. */
    private static InetAddress literal(String text) {
        String s = text.trim();
        boolean looksLikeIp = s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!looksLikeIp) throw new IllegalArgumentException("'" + text + "' is not an IP address literal");
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal", e);
        }
    }
}
