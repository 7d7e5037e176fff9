package dev.esakit.bench.jmh;

import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.queue.RocksDbSpool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The spool commit behind every 250: RocksDbSpool.store of a 1 KiB message, waited for (sync=true, group
 * commit). One thread shows the fsync latency of the disk; 20 threads (the relay bench's 20 sessions) show
 * how group commit shares fsyncs. Throughput in commits per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SpoolCommitBench {
    private RocksDbSpool spool;
    private Path dir;
    private final AtomicLong mids = new AtomicLong();
    private final byte[] body = new byte[1024];

    @Setup
    public void setUp() throws Exception {
        Arrays.fill(body, (byte) 'x');
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.spool.parent", "/tmp")), "esakit-jmh-spool");
        spool = RocksDbSpool.open(dir);
    }

    @TearDown
    public void tearDown() throws Exception {
        spool.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void storeOne() {
        long mid = mids.incrementAndGet();
        spool.store(new QueuedMessage(mid, "alice@sender.example", List.of("bob@example.com"), Instant.now(),
                body.length), body).join();
    }

    @Benchmark
    @Threads(1)
    public void storeOneSession() {
        storeOne();
    }

    @Benchmark
    @Threads(20)
    public void storeTwentySessions() {
        storeOne();
    }
}
