package dev.esakit.fake.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Fake servers and test traffic stay on loopback (127.0.0.0/8, ::1) unless a caller says otherwise. */
public final class LoopbackPolicy {
    private LoopbackPolicy() {}

    /**
     * Resolves {@code host} and refuses a non-loopback address unless {@code allowNonLoopback}.
     * @throws IllegalArgumentException naming the address and the flag that would allow it
     */
    public static InetAddress check(String host, boolean allowNonLoopback, String flagName) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address '" + host + "'", e);
        }
        if (!address.isLoopbackAddress() && !allowNonLoopback) {
            throw new IllegalArgumentException("refusing to bind non-loopback address " + host + " ("
                    + address.getHostAddress() + "): fake servers listen on 127.0.0.0/8 or ::1 only unless "
                    + flagName + " is given");
        }
        return address;
    }
}
