package dev.esakit.bench.jmh;

import dev.esakit.engine.log.DeliveryStatus;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.log.MailLogFile;
import dev.esakit.engine.log.MailLogWriter;
import dev.esakit.engine.smtp.SmtpReply;
import dev.esakit.engine.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Mail log lines (MailLog -> MailLogWriter -> sink): ten of them per relayed message. Into a sink that only
 * consumes the string (formatting, ctime stamp, escaping), and into mail.current (plus the write and flush per
 * line that lets a tail see each line at once).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MailLogBench {
    private MailLog toMemory;
    private MailLog toFile;
    private MailLogWriter fileWriter;
    private Path dir;
    private long mid;
    private final List<Integer> rids = List.of(0);
    private final DeliveryStatus deferred = DeliveryStatus.of(SmtpReply.of(452, "4.3.1 Insufficient system storage"));

    @Setup
    public void setUp(Blackhole bh) throws Exception {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-12-04T21:00:00Z"));
        toMemory = new MailLog(new MailLogWriter(clock, ZoneId.of("UTC")).addSink(bh::consume));
        dir = Files.createTempDirectory("esakit-jmh-log");
        fileWriter = new MailLogWriter(clock, ZoneId.of("UTC")).addSink(new MailLogFile(dir));
        toFile = new MailLog(fileWriter);
    }

    @TearDown
    public void tearDown() throws Exception {
        fileWriter.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The ten lines of one relayed message, as the engine writes them. */
    private void oneMessage(MailLog log) {
        long m = ++mid;
        log.startMessage(m, 7);
        log.envelopeFrom(m, 7, "alice@sender.example");
        log.envelopeTo(m, 7, 0, "bob@example.com");
        log.messageId(m, "<" + m + "@sender.example>");
        log.ready(m, 1155, "alice@sender.example");
        log.queuedForDelivery(m);
        log.deliveryStart(42, m, rids);
        log.messageDone(42, m, rids);
        log.response(m, rids, "2.0.0 Ok: queued as 4F1");
        log.messageFinished(m);
    }

    @Benchmark
    public void tenLinesOfOneMessageToMemory() {
        oneMessage(toMemory);
    }

    @Benchmark
    public void tenLinesOfOneMessageToMailCurrent() {
        oneMessage(toFile);
    }

    @Benchmark
    public void delayedLineWithEscaping() {
        toMemory.delayed(42, ++mid, "alice@sender.example", "bob\"weird\u00e9@example.com", 0, deferred);
    }
}
