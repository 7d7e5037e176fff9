package dev.esakit.fake.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Paces outbound bytes to a fixed rate by sending small slices on a timer, so even a short reply takes
 * visibly long (Netty's traffic shaping lets small writes through at once). A close waits for the queue.
 */
final class BandwidthLimiter extends ChannelOutboundHandlerAdapter {
    private final int sliceBytes;
    private final long sliceNanos;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean ticking;
    private ChannelPromise closeAfterDrain;

    private record Pending(ByteBuf buf, ChannelPromise promise) {}

    BandwidthLimiter(long bytesPerSecond) {
        // About 20 slices a second, at least one byte each.
        this.sliceBytes = (int) Math.max(1, Math.min(65536, bytesPerSecond / 20));
        this.sliceNanos = TimeUnit.SECONDS.toNanos(1) * sliceBytes / bytesPerSecond;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        queue.add(new Pending(buf, promise));
        if (!ticking) {
            ticking = true;
            tick(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // Slices are flushed as they are sent.
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (queue.isEmpty()) ctx.close(promise);
        else closeAfterDrain = promise;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Pending p : queue) {
            p.buf.release();
            p.promise.tryFailure(new IllegalStateException("connection closed"));
        }
        queue.clear();
    }

    private void tick(ChannelHandlerContext ctx) {
        Pending head = queue.peek();
        if (head == null || !ctx.channel().isActive()) {
            ticking = false;
            if (closeAfterDrain != null) ctx.close(closeAfterDrain);
            if (head != null) handlerRemoved(ctx);
            return;
        }
        int n = Math.min(sliceBytes, head.buf.readableBytes());
        ByteBuf slice = head.buf.readRetainedSlice(n);
        if (!head.buf.isReadable()) {
            queue.poll();
            head.buf.release();
            ctx.writeAndFlush(slice, head.promise);
        } else {
            ctx.writeAndFlush(slice);
        }
        ctx.executor().schedule(() -> tick(ctx), sliceNanos, TimeUnit.NANOSECONDS);
    }
}
