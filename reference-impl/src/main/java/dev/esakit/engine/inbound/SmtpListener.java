package dev.esakit.engine.inbound;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;

/** The inbound SMTP listener: binds the address and gives every connection its own {@link InboundSession}. */
public final class SmtpListener implements AutoCloseable {
    /** RFC 5321 4.5.3.1.6: a text line is at most 1,000 octets with its CRLF. */
    private static final int MAX_LINE = 998;

    private final Channel channel;

    public SmtpListener(EventLoopGroup group, InetSocketAddress address, InboundContext context)
            throws InterruptedException {
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, false, true),
                                new InboundSession(context));
                    }
                })
                .bind(address).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
