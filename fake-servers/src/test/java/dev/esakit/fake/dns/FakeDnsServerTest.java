package dev.esakit.fake.dns;

import dev.esakit.fake.net.ServerEventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryEncoder;
import io.netty.handler.codec.dns.TcpDnsResponseDecoder;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two independent clients against the fake DNS server: the JDK's JNDI DNS provider (UDP) and Netty's. */
class FakeDnsServerTest {

    private static FakeDnsServer zone() {
        return FakeDnsServer.bind("127.0.0.1", 0).start()
                .mx("example.com", 20, "mx2.example.com")
                .mx("example.com", 10, "mx1.example.com")
                .a("mx1.example.com", "127.0.1.10")
                .a("mx2.example.com", "127.0.1.20")
                .aaaa("mx2.example.com", "::1");
    }

    private static DirContext jndi(FakeDnsServer dns) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://127.0.0.1:" + dns.address().getPort());
        env.put("com.sun.jndi.dns.timeout.initial", "300");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        return new InitialDirContext(env);
    }

    private static List<String> values(DirContext ctx, String name, String type) throws NamingException {
        Attribute attr = ctx.getAttributes(name, new String[] {type}).get(type);
        List<String> out = new ArrayList<>();
        if (attr != null) for (Object v : Collections.list(attr.getAll())) out.add(v.toString());
        return out;
    }

    @Test
    void answersMxAndAddressRecords() throws Exception {
        try (FakeDnsServer dns = zone()) {
            DirContext ctx = jndi(dns);
            assertThat(values(ctx, "example.com", "MX")).containsExactlyInAnyOrder("10 mx1.example.com.", "20 mx2.example.com.");
            assertThat(values(ctx, "mx1.example.com", "A")).containsExactly("127.0.1.10");
            assertThat(values(ctx, "MX2.Example.COM.", "AAAA")).singleElement()
                    .satisfies(v -> assertThat(InetAddress.getByName(v).isLoopbackAddress()).isTrue());
            assertThat(values(ctx, "mx1.example.com", "AAAA")).isEmpty(); // name exists, no such record
            assertThat(dns.queries()).extracting(DnsQueryRecord::transport).containsOnly("udp");
            assertThat(dns.queries().get(0).name()).isEqualTo("example.com.");
            assertThat(dns.queries().get(0).outcome()).isEqualTo("NOERROR 2 answers");
        }
    }

    @Test
    void unknownNamesAndCuedNamesFail() throws Exception {
        try (FakeDnsServer dns = zone()) {
            dns.nxdomain("mx2.example.com").servfail("broken.example");
            DirContext ctx = jndi(dns);
            assertThatThrownBy(() -> values(ctx, "nobody.example", "MX")).isInstanceOf(NameNotFoundException.class);
            assertThatThrownBy(() -> values(ctx, "mx2.example.com", "A")).isInstanceOf(NameNotFoundException.class);
            assertThatThrownBy(() -> values(ctx, "broken.example", "MX")).isInstanceOf(NamingException.class)
                    .isNotInstanceOf(NameNotFoundException.class);
            assertThat(dns.queries()).extracting(DnsQueryRecord::outcome).contains("NXDOMAIN", "SERVFAIL");
            dns.healthy("mx2.example.com");
            assertThat(values(ctx, "mx2.example.com", "A")).containsExactly("127.0.1.20");
        }
    }

    @Test
    void noAnswerMakesTheResolverTimeOut() throws Exception {
        try (FakeDnsServer dns = zone()) {
            dns.noAnswer("example.com");
            DirContext ctx = jndi(dns);
            assertThatThrownBy(() -> values(ctx, "example.com", "MX")).isInstanceOf(CommunicationException.class);
            assertThat(dns.queries()).extracting(DnsQueryRecord::outcome).contains("no answer");
        }
    }

    @Test
    void nettyResolverSeesMxWithGlueAndServfailCode() throws Exception {
        try (FakeDnsServer dns = zone()) {
            dns.servfail("broken.example");
            DnsNameResolver resolver = new DnsNameResolverBuilder(ServerEventLoops.group().next())
                    .datagramChannelType(NioDatagramChannel.class)
                    .nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address()))
                    .queryTimeoutMillis(2000).maxQueriesPerResolve(1).recursionDesired(false).build();
            try {
                var envelope = resolver.query(new DefaultDnsQuestion("example.com", DnsRecordType.MX)).get(5, TimeUnit.SECONDS);
                try {
                    DnsResponse response = envelope.content();
                    assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
                    assertThat(response.isAuthoritativeAnswer()).isTrue();
                    assertThat(response.count(DnsSection.ANSWER)).isEqualTo(2);
                    assertThat(response.count(DnsSection.ADDITIONAL)).isGreaterThanOrEqualTo(3); // 2 A + 1 AAAA (+ OPT)
                    DnsRecord first = response.recordAt(DnsSection.ANSWER, 0);
                    assertThat(first.type()).isEqualTo(DnsRecordType.MX);
                } finally {
                    envelope.release();
                }
                var failed = resolver.query(new DefaultDnsQuestion("broken.example", DnsRecordType.MX)).get(5, TimeUnit.SECONDS);
                try {
                    assertThat(failed.content().code()).isEqualTo(DnsResponseCode.SERVFAIL);
                } finally {
                    failed.release();
                }
            } finally {
                resolver.close();
            }
        }
    }

    @Test
    void answersOverTcpToo() throws Exception {
        try (FakeDnsServer dns = zone()) {
            CompletableFuture<DnsResponse> reply = new CompletableFuture<>();
            Channel ch = new Bootstrap().group(ServerEventLoops.group()).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new TcpDnsQueryEncoder(), new TcpDnsResponseDecoder(),
                                    new SimpleChannelInboundHandler<DnsResponse>(false) {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, DnsResponse r) {
                                            reply.complete(r);
                                        }
                                    });
                        }
                    }).connect(dns.address()).sync().channel();
            try {
                ch.writeAndFlush(new DefaultDnsQuery(7).setRecord(DnsSection.QUESTION,
                        new DefaultDnsQuestion("mx1.example.com", DnsRecordType.A))).sync();
                DnsResponse r = reply.get(5, TimeUnit.SECONDS);
                try {
                    assertThat(r.id()).isEqualTo(7);
                    assertThat(r.count(DnsSection.ANSWER)).isEqualTo(1);
                    ByteBuf rdata = ((DnsRawRecord) r.recordAt(DnsSection.ANSWER, 0)).content();
                    byte[] ip = new byte[rdata.readableBytes()];
                    rdata.getBytes(rdata.readerIndex(), ip);
                    assertThat(InetAddress.getByAddress(ip).getHostAddress()).isEqualTo("127.0.1.10");
                } finally {
                    ReferenceCountUtil.release(r);
                }
            } finally {
                ch.close().sync();
            }
            assertThat(dns.queries()).extracting(DnsQueryRecord::transport).containsExactly("tcp");
        }
    }

    @Test
    void refusesNonLoopbackAndNonLiteralAddresses() {
        assertThatThrownBy(() -> FakeDnsServer.bind("192.0.2.53", 0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowNonLoopback");
        FakeDnsServer unstarted = FakeDnsServer.bind("127.0.0.1", 0);
        assertThatThrownBy(() -> unstarted.a("x.example", "mx1.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unstarted.a("x.example", "::1")).hasMessageContaining("IPv4");
    }
}
