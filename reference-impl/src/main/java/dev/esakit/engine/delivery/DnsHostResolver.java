package dev.esakit.engine.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@link HostResolver} on Netty's DNS client, asking one configured DNS server (the engine's {@code --dns}; the
 * tests' fake DNS server). No cache, no search domains and no hosts file, so every delivery sees what the server
 * says now. A/AAAA answers keep the server's order, IPv4 first.
 */
public final class DnsHostResolver implements HostResolver, AutoCloseable {
    private final DnsNameResolver resolver;

    public DnsHostResolver(EventLoop loop, InetSocketAddress server, Duration queryTimeout) {
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
                .queryTimeoutMillis(queryTimeout.toMillis())
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .hostsFileEntriesResolver((host, types) -> null)
                .resolveCache(NoopDnsCache.INSTANCE)
                .searchDomains(List.of())
                .ndots(1)
                .build();
    }

    @Override
    public CompletableFuture<List<InetSocketAddress>> addresses(String host, int port) {
        if (HostResolver.isIpLiteral(host)) {
            return CompletableFuture.completedFuture(
                    List.of(new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port)));
        }
        CompletableFuture<List<InetSocketAddress>> out = new CompletableFuture<>();
        resolver.resolveAll(host).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> all = (List<InetAddress>) f.getNow();
                out.complete(all.stream().map(a -> new InetSocketAddress(a, port)).toList());
            } else {
                out.completeExceptionally(failure(host, "A", f.cause()));
            }
        });
        return out;
    }

    @Override
    public CompletableFuture<List<MailExchanger>> mailExchangers(String domain) {
        CompletableFuture<List<MailExchanger>> out = new CompletableFuture<>();
        resolver.query(new DefaultDnsQuestion(domain, DnsRecordType.MX)).addListener(f -> {
            if (!f.isSuccess()) {
                out.completeExceptionally(failure(domain, "MX", f.cause()));
                return;
            }
            @SuppressWarnings("unchecked")
            AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                    (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
            try {
                DnsResponse response = envelope.content();
                if (response.code() == DnsResponseCode.NXDOMAIN) {
                    out.completeExceptionally(new DnsLookupException(true,
                            "DNS Hard Error looking up " + domain + " (MX):  NXDomain"));
                    return;
                }
                if (response.code() != DnsResponseCode.NOERROR) {
                    out.completeExceptionally(new DnsLookupException(false,
                            "DNS Soft Error looking up " + domain + " (MX):  " + response.code().toString().replaceAll("\\(\\d+\\)$", "")));
                    return;
                }
                List<MailExchanger> mxs = new ArrayList<>();
                for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
                    DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
                    if (r.type() == DnsRecordType.MX && r instanceof DnsRawRecord raw) {
                        ByteBuf data = raw.content().duplicate();
                        int preference = data.readUnsignedShort();
                        String host = DefaultDnsRecordDecoder.decodeName(data);
                        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
                        mxs.add(new MailExchanger(host.toLowerCase(Locale.ROOT), preference));
                    }
                }
                // Stable sort: equal preferences keep the server's order (SEL-5).
                mxs.sort((a, b) -> Integer.compare(a.preference(), b.preference()));
                out.complete(mxs.isEmpty() ? List.of(new MailExchanger(domain, 0)) : mxs); // RFC 5321 5.1 implicit MX
            } catch (RuntimeException e) {
                out.completeExceptionally(new DnsLookupException(false,
                        "DNS Soft Error looking up " + domain + " (MX):  malformed answer: " + e.getMessage()));
            } finally {
                envelope.release();
            }
        });
        return out;
    }

    private static DnsLookupException failure(String name, String type, Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof DnsErrorCauseException dns && dns.getCode() == DnsResponseCode.NXDOMAIN) {
                return new DnsLookupException(true, "DNS Hard Error looking up " + name + " (" + type + "):  NXDomain");
            }
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (why.contains("timed out") || why.contains("timeout")) {
            why = "timeout";
        }
        return new DnsLookupException(false, "DNS Soft Error looking up " + name + " (" + type + "):  " + why);
    }

    @Override
    public void close() {
        resolver.close();
    }
}
