package dev.esakit.fake.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One event loop group shared by every fake server in the JVM. Tests start hundreds of short-lived
 * servers; a group each would cost threads and shutdown time. Daemon threads so a forgotten server
 * never keeps the JVM alive.
 */
public final class ServerEventLoops {
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("fake-servers", true), NioIoHandler.newFactory());

    private ServerEventLoops() {}

    public static EventLoopGroup group() { return GROUP; }
}
