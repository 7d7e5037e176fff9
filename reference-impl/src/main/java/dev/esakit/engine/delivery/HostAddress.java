package dev.esakit.engine.delivery;

import java.net.InetSocketAddress;

/**
 * One host of a delivery attempt: an address to connect to, the priority tier it belongs to, and the name
 * it came from (a route destination or an MX host). Each address of a name is a host of its own (SEL-5).
 */
public record HostAddress(String name, InetSocketAddress address, int priority) {
    public String ip() {
        return io.netty.util.NetUtil.toAddressString(address.getAddress()); // RFC 5952: ::1, not 0:0:0:0:0:0:0:1
    }
}
