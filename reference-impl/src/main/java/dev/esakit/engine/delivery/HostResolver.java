package dev.esakit.engine.delivery;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The DNS side of delivery. {@link #mailExchangers} is the MX step of RT-3 and RT-5; {@link #addresses} the A/AAAA
 * step. Both answer in the resolver's order (SEL-5). A lookup that fails completes exceptionally with a
 * {@link DnsLookupException} (hard: the name does not exist; soft: try again later).
 */
public interface HostResolver {
    /** A/AAAA of {@code host}; an IP literal is its own answer, without a query. */
    CompletableFuture<List<InetSocketAddress>> addresses(String host, int port);

    /**
     * The MX hosts of {@code domain}, lowest preference first, each as a name with its preference; the domain
     * itself at preference 0 when it has no MX record (RFC 5321 5.1 implicit MX).
     */
    CompletableFuture<List<MailExchanger>> mailExchangers(String domain);

    /** One MX answer. */
    record MailExchanger(String host, int preference) {
    }

    static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /**
     * The platform resolver: IP literals as they are, names through the system's A/AAAA lookup. It cannot ask
     * for MX records, so every domain is its own implicit MX; use {@link DnsHostResolver} for real MX routing.
     */
    static HostResolver system() {
        return new HostResolver() {
            @Override
            public CompletableFuture<List<InetSocketAddress>> addresses(String host, int port) {
                if (isIpLiteral(host)) {
                    return CompletableFuture.completedFuture(
                            List.of(new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port)));
                }
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        List<InetSocketAddress> out = new ArrayList<>();
                        for (InetAddress a : InetAddress.getAllByName(host)) {
                            out.add(new InetSocketAddress(a, port));
                        }
                        return out;
                    } catch (UnknownHostException e) {
                        // The platform cannot tell "no such name" from "no answer now": a soft error.
                        throw new CompletionException(new DnsLookupException(false,
                                "DNS Soft Error looking up " + host + " (A):  " + e.getMessage()));
                    }
                });
            }

            @Override
            public CompletableFuture<List<MailExchanger>> mailExchangers(String domain) {
                return CompletableFuture.completedFuture(List.of(new MailExchanger(domain, 0)));
            }
        };
    }
}
