package dev.esakit.fake.dns;

import dev.esakit.fake.net.LoopbackPolicy;
import dev.esakit.fake.net.ServerEventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An authoritative-for-everything DNS server for tests of MX routing (ESA-PROFILE RT-3, RT-5): MX, A and
 * AAAA records, and NXDOMAIN, SERVFAIL or silence on cue. Listens on UDP and TCP on the same port.
 * <pre>
 * try (FakeDnsServer dns = FakeDnsServer.bind("127.0.0.1", 0).start()) {
 *     dns.mx("example.com", 10, "mx1.example.com").a("mx1.example.com", "127.0.1.10");
 *     dns.servfail("broken.example");
 * }
 * </pre>
 */
public final class FakeDnsServer implements AutoCloseable {
    private final String bindHost;
    private final int bindPort;
    private boolean allowNonLoopback;
    private final DnsZone zone = new DnsZone();
    private final DnsAnswerer answerer = new DnsAnswerer(zone);
    private final List<DnsQueryRecord> queries = new CopyOnWriteArrayList<>();
    private volatile Channel udp;
    private volatile Channel tcp;

    private FakeDnsServer(String host, int port) {
        this.bindHost = host;
        this.bindPort = port;
    }

    public static FakeDnsServer bind(String host, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        return new FakeDnsServer(host, port);
    }

    public FakeDnsServer allowNonLoopback() {
        this.allowNonLoopback = true;
        return this;
    }

    /** Adds an MX record: {@code name} is served by {@code exchange} at this preference (lower first). */
    public FakeDnsServer mx(String name, int preference, String exchange) {
        zone.addMx(name, preference, exchange);
        return this;
    }

    /** Adds an A record (an IPv4 literal). */
    public FakeDnsServer a(String name, String ipv4) {
        zone.addAddress(name, ipv4, Inet4Address.class);
        return this;
    }

    /** Adds an AAAA record (an IPv6 literal). */
    public FakeDnsServer aaaa(String name, String ipv6) {
        zone.addAddress(name, ipv6, Inet6Address.class);
        return this;
    }

    /** Answers NXDOMAIN for this name from now on, even if it has records. */
    public FakeDnsServer nxdomain(String name) {
        zone.cue(name, DnsCue.NXDOMAIN);
        return this;
    }

    /** Answers SERVFAIL for this name from now on. */
    public FakeDnsServer servfail(String name) {
        zone.cue(name, DnsCue.SERVFAIL);
        return this;
    }

    /** Never answers queries for this name, so resolvers time out. */
    public FakeDnsServer noAnswer(String name) {
        zone.cue(name, DnsCue.NO_ANSWER);
        return this;
    }

    /** Removes any cue for this name: its records (or NXDOMAIN if it has none) are served again. */
    public FakeDnsServer healthy(String name) {
        zone.cue(name, null);
        return this;
    }

    /** Binds UDP and TCP on one port (with port 0: the same ephemeral port for both). */
    public FakeDnsServer start() {
        if (udp != null) throw new IllegalStateException("already started on " + address());
        InetAddress address = LoopbackPolicy.check(bindHost, allowNonLoopback, "allowNonLoopback()");
        IllegalStateException last = null;
        // An ephemeral UDP port may be taken for TCP by someone else; a few tries settle it.
        for (int attempt = 0; attempt < (bindPort == 0 ? 5 : 1); attempt++) {
            Channel u = bindUdp(new InetSocketAddress(address, bindPort));
            try {
                tcp = bindTcp(new InetSocketAddress(address, ((InetSocketAddress) u.localAddress()).getPort()));
                udp = u;
                return this;
            } catch (IllegalStateException e) {
                u.close().syncUninterruptibly();
                last = e;
            }
        }
        throw last;
    }

    public InetSocketAddress address() {
        Channel ch = udp;
        if (ch == null) throw new IllegalStateException("not started");
        return (InetSocketAddress) ch.localAddress();
    }

    /** Every query so far, in arrival order. */
    public List<DnsQueryRecord> queries() { return List.copyOf(queries); }

    @Override
    public void close() {
        if (udp != null) udp.close().syncUninterruptibly();
        if (tcp != null) tcp.close().syncUninterruptibly();
    }

    private Channel bindUdp(InetSocketAddress at) {
        Bootstrap b = new Bootstrap().group(ServerEventLoops.group()).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
                                        DatagramDnsResponse r = new DatagramDnsResponse(q.recipient(), q.sender(), q.id());
                                        respond(ctx, "udp", q, r);
                                    }
                                });
                    }
                });
        try {
            return b.bind(at).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot bind fake DNS (udp) to " + at + ": " + e.getMessage(), e);
        }
    }

    private Channel bindTcp(InetSocketAddress at) {
        ServerBootstrap b = new ServerBootstrap().group(ServerEventLoops.group()).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery q) {
                                        respond(ctx, "tcp", q, new DefaultDnsResponse(q.id()));
                                    }
                                });
                    }
                });
        try {
            return b.bind(at).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot bind fake DNS (tcp) to " + at + ": " + e.getMessage(), e);
        }
    }

    private void respond(ChannelHandlerContext ctx, String transport, DnsQuery query, DnsResponse response) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        String outcome = answerer.answer(query, response);
        queries.add(new DnsQueryRecord(Instant.now(), transport,
                question == null ? "" : question.name(), question == null ? "" : question.type().name(),
                outcome == null ? "no answer" : outcome));
        if (outcome == null) {
            response.release();
            return;
        }
        ctx.writeAndFlush(response);
    }

    @Override
    public String toString() {
        Channel ch = udp;
        return "FakeDnsServer[" + (ch == null ? bindHost + ":" + bindPort + " (not started)" : ch.localAddress()) + "]";
    }
}
