package dev.esakit.bench.jmh;

import dev.esakit.engine.smtp.DotStuffing;
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
 * Dot-stuffing of the content before DATA, once per delivery attempt, on the event loop that answered the
 * 250: the top frame of the engine's profile when relaying 100 KiB messages. 78-character lines, one in
 * fifty starting with a dot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DotStuffingBench {
    @Param({"1024", "102400"})
    public int size;
    private byte[] content;

    @Setup
    public void setUp() {
        content = SampleContent.lines(size);
    }

    @Benchmark
    public byte[] stuff() {
        return DotStuffing.stuff(content);
    }
}
