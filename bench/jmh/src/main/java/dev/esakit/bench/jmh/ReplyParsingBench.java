package dev.esakit.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reply parsing on the delivery side: netty-codec-smtp's SmtpResponseDecoder, which the engine's
 * SmtpConversation runs, on a one-line 250 and on a seven-line EHLO reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReplyParsingBench {
    private static final byte[] OK = "250 2.0.0 Ok: queued as 4F1A2B\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EHLO = ("250-smtp.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new SmtpResponseDecoder(4096));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    private SmtpResponse decode(byte[] wire) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        channel.writeInbound(in);
        return channel.readInbound();
    }

    @Benchmark
    public SmtpResponse oneLine250() {
        return decode(OK);
    }

    @Benchmark
    public SmtpResponse sevenLineEhlo() {
        return decode(EHLO);
    }
}
