package dev.esakit.engine.delivery;

import dev.esakit.engine.routing.Destination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a destination into the addresses to try, in the resolver's order (SEL-5): each address counts as a
 * host of the destination's priority tier.
 */
public interface HostResolver {
    List<InetSocketAddress> resolve(Destination destination) throws UnknownHostException;

    /** The platform resolver: IP literals as they are, names through the system's resolver. */
    static HostResolver system() {
        return destination -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(destination.host())) {
                out.add(new InetSocketAddress(a, destination.port()));
            }
            return out;
        };
    }
}
