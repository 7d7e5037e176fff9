package dev.esakit.fake.smtp;

import dev.esakit.fake.net.ServerEventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake server against Netty's own SMTP client codec: a second, independent client implementation. */
class NettyClientTest {

    private static final class Client implements AutoCloseable {
        final BlockingQueue<SmtpResponse> responses = new LinkedBlockingQueue<>();
        final Channel channel;

        Client(FakeSmtpServer host) throws InterruptedException {
            channel = new Bootstrap().group(ServerEventLoops.group()).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SmtpRequestEncoder(), new SmtpResponseDecoder(1000),
                                    new SimpleChannelInboundHandler<SmtpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse r) {
                                            responses.add(r);
                                        }
                                    });
                        }
                    }).connect(host.address()).sync().channel();
        }

        SmtpResponse send(Object request) throws InterruptedException {
            channel.writeAndFlush(request);
            return next();
        }

        SmtpResponse next() throws InterruptedException {
            SmtpResponse r = responses.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("a reply within the 5 s hang guard").isNotNull();
            return r;
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void seedBannerThenFailTwiceThenAccept() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.1.10", 0).start()) {
            host.on(Stage.GREETING).onConnection(1).reply(452, "example.com ESMTP", "4.3.1 Mail system full");
            host.on(Stage.MAIL).times(1).reply(451, "4.3.0 Try again later");
            try (Client c = new Client(host)) {
                SmtpResponse banner = c.next();
                assertThat(banner.code()).isEqualTo(452);
                assertThat(banner.details()).extracting(CharSequence::toString)
                        .containsExactly("example.com ESMTP", "4.3.1 Mail system full");
                assertThat(c.send(SmtpRequests.ehlo("client.test")).code()).isEqualTo(503);
                assertThat(c.send(SmtpRequests.quit()).code()).isEqualTo(221);
            }
            try (Client c = new Client(host)) {
                assertThat(c.next().code()).isEqualTo(220);
                assertThat(c.send(SmtpRequests.ehlo("client.test")).details()).extracting(CharSequence::toString)
                        .contains("PIPELINING", "8BITMIME");
                assertThat(c.send(SmtpRequests.mail("a@example.org")).code()).isEqualTo(451);
                assertThat(c.send(SmtpRequests.mail("a@example.org")).code()).isEqualTo(250);
                assertThat(c.send(SmtpRequests.rcpt("b@example.com")).code()).isEqualTo(250);
                assertThat(c.send(SmtpRequests.data()).code()).isEqualTo(354);
                byte[] body = "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(c.send(new DefaultLastSmtpContent(Unpooled.wrappedBuffer(body))).code()).isEqualTo(250);
                assertThat(c.send(SmtpRequests.quit()).code()).isEqualTo(221);
                assertThat(host.messages()).singleElement().satisfies(m -> {
                    assertThat(m.content()).isEqualTo(body);
                    assertThat(m.connection()).isEqualTo(2);
                });
            }
        }
    }
}
