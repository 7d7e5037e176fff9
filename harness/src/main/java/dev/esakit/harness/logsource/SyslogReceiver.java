package dev.esakit.harness.logsource;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A syslog receiver, so that a relay (an ESA's mail_logs subscription, a Postfix via rsyslog) can push its
 * log to the harness: RFC 3164 and RFC 5424 messages over UDP (one datagram, one message) and TCP (RFC 6587
 * framing). It binds to loopback unless told otherwise: a receiver open to the network is a choice the
 * operator makes explicitly, never a default.
 *
 * <pre>
 * SyslogReceiver receiver = SyslogReceiver.on(new InetSocketAddress("127.0.0.1", 0)).udp().tcp();
 * receiver.open();
 * </pre>
 */
public final class SyslogReceiver implements LogSource {
    /** RFC 5426 and 6587 expect at least 2 KiB; AsyncOS lines with long replies are longer. */
    static final int MAX_MESSAGE = 64 * 1024;

    private final InetSocketAddress listen;
    private final SyslogParser parser = new SyslogParser(ZoneId.systemDefault());
    private final List<LogRecord> records = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean udp;
    private boolean tcp;
    private boolean allowNonLoopback;
    private EventLoopGroup group;
    private Channel udpChannel;
    private Channel tcpChannel;

    private SyslogReceiver(InetSocketAddress listen) {
        this.listen = listen;
    }

    public static SyslogReceiver on(InetSocketAddress listen) {
        return new SyslogReceiver(listen);
    }

    public SyslogReceiver udp() {
        udp = true;
        return this;
    }

    public SyslogReceiver tcp() {
        tcp = true;
        return this;
    }

    /** Permits a bind to a non-loopback address: for an appliance on the network that pushes its logs. */
    public SyslogReceiver allowNonLoopback() {
        allowNonLoopback = true;
        return this;
    }

    @Override
    public synchronized void open() {
        if (!udp && !tcp) {
            throw new IllegalStateException("syslog receiver on " + listen + ": choose udp(), tcp() or both");
        }
        if (!allowNonLoopback && !listen.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("syslog receiver: refusing to bind " + listen
                    + ", not a loopback address (allowNonLoopback() permits it)");
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            InetSocketAddress at = listen;
            if (tcp) {
                tcpChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new SyslogFrameDecoder(MAX_MESSAGE),
                                        new TcpMessages(String.valueOf(ch.remoteAddress())));
                            }
                        }).bind(at).sync().channel();
                // UDP on the same port number as TCP, as syslog senders expect one port for both.
                at = (InetSocketAddress) tcpChannel.localAddress();
            }
            if (udp) {
                udpChannel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 1 << 20)
                        .handler(new Datagrams()).bind(at).sync().channel();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding the syslog receiver to " + listen, e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot bind the syslog receiver to " + listen + ": " + e.getMessage(), e);
        }
    }

    /** Where it listens (the real port when opened with port 0). */
    public InetSocketAddress address() {
        Channel ch = tcpChannel != null ? tcpChannel : udpChannel;
        return (InetSocketAddress) ch.localAddress();
    }

    /** Messages it could not read, each naming the sender and the fault, oldest first. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized long mark() {
        return records.size();
    }

    @Override
    public synchronized List<LogRecord> since(long mark) {
        return List.copyOf(records.subList((int) Math.min(mark, records.size()), records.size()));
    }

    @Override
    public String describe() {
        return "syslog receiver on " + (tcpChannel != null || udpChannel != null ? address() : listen)
                + (udp ? " udp" : "") + (tcp ? " tcp" : "");
    }

    private synchronized void accept(String text, String sender) {
        try {
            records.add(parser.parse(text, Instant.now(), sender));
        } catch (SyslogFormatException e) {
            problems.add(e.getMessage());
        }
    }

    private synchronized void problem(String text) {
        problems.add(text);
    }

    @Override
    public void close() {
        if (tcpChannel != null) {
            tcpChannel.close().syncUninterruptibly();
        }
        if (udpChannel != null) {
            udpChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            accept(packet.content().toString(StandardCharsets.UTF_8), String.valueOf(packet.sender()));
        }
    }

    private final class TcpMessages extends SimpleChannelInboundHandler<String> {
        private final String sender;

        TcpMessages(String sender) {
            this.sender = sender;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String message) {
            accept(message, sender);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A broken frame ends that sender's connection, never the receiver.
            problem(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            ctx.close();
        }
    }
}
