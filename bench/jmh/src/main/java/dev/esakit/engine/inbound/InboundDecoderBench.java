package dev.esakit.engine.inbound;

import dev.esakit.bench.jmh.SampleContent;
import dev.esakit.engine.smtp.DotStuffing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inbound decoder on a message's content as it comes off the socket (64 KiB reads): finding line ends and
 * transparency dots, and handing the session content runs. It replaced a frame per line, the top of the
 * profile when relaying 100 KiB messages. In the engine's package because the decoder is package-private.
 * {@link SampleContent}, dot-stuffed as a client sends it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class InboundDecoderBench {
    private static final int READ = 64 * 1024;

    @Param({"1024", "102400"})
    public int size;
    private byte[] wire;

    @Setup
    public void setUp() {
        byte[] stuffed = DotStuffing.stuff(SampleContent.lines(size)); // as a client sends it, then the end
        wire = java.util.Arrays.copyOf(stuffed, stuffed.length + 3);
        System.arraycopy(".\r\n".getBytes(StandardCharsets.US_ASCII), 0, wire, stuffed.length, 3);
    }

    @Benchmark
    public long decodeOneMessage() {
        InboundDecoder decoder = new InboundDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.startData();
        for (int at = 0; at < wire.length; at += READ) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, at, Math.min(READ, wire.length - at)));
        }
        long bytes = 0;
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            if (frame instanceof InboundFrame.Content run) {
                ByteBuf content = run.content();
                bytes += content.readableBytes();
                run.release();
            }
        }
        channel.finishAndReleaseAll();
        return bytes;
    }
}
