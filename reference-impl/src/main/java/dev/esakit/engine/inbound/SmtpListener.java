package dev.esakit.engine.inbound;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/** The inbound SMTP listener: binds the address and gives every connection its own {@link InboundSession}. */
public final class SmtpListener implements AutoCloseable {
    private final Channel channel;

    public SmtpListener(EventLoopGroup group, InetSocketAddress address, InboundContext context)
            throws InterruptedException {
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        InboundDecoder decoder = new InboundDecoder();
                        ch.pipeline().addLast(decoder, new InboundSession(context, decoder));
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
