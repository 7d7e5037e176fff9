package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.log.MailLogWriter;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 held messages keep only their envelopes and states on the heap: their bodies (2 KiB each, 200 MB in
 * all) stay in the spool. The queue recovers them all from the spool, as after a restart, with every retry due
 * an hour later, so no attempt reads a body. Isolated: no other test allocates while the heap is measured.
 */
@Isolated
class HeldMessagesMemoryTest {
    private static final int MESSAGES = 100_000;
    private static final int BODY = 2 * 1024;
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void oneHundredThousandHeldMessagesDoNotPutTheirBodiesOnTheHeap() throws Exception {
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) 'x');
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            CompletableFuture<Void> last = null;
            for (int start = 1; start <= MESSAGES; start += 1_000) {
                SpoolBatch batch = new SpoolBatch();
                for (long mid = start; mid < start + 1_000; mid++) {
                    QueuedMessage m = new QueuedMessage(mid, "alice@sender.test", List.of("bob@example.com"), T, BODY);
                    MessageState s = MessageState.initial(m).with(0,
                            RecipientState.pending(T).attempted().delayed(T.plusSeconds(3_600)));
                    batch.add(m, body, s);
                }
                last = spool.commit(batch);
            }
            last.get(60, TimeUnit.SECONDS);

            VirtualClock clock = new VirtualClock(T);
            RouteTable routes = new RouteTable(SmtpRoutesParser.parse("example.com 127.0.0.1:9", "test"));
            DeliveryQueue queue = new DeliveryQueue(spool, null, new MailLog(new MailLogWriter(clock, ZoneOffset.UTC)),
                    clock, new IdSequence(spool.highestMid()), new DeliveryQueue.QueueSettings(
                    BounceProfiles.of(BounceProfile.defaults()), routes, "esakit.localhost", ZoneOffset.UTC));
            long before = usedHeap();
            queue.recover(spool.recover());
            long after = usedHeap();

            assertThat(queue.size()).isEqualTo(MESSAGES);
            assertThat(clock.pending()).hasSize(MESSAGES).allMatch(t -> t.equals(T.plusSeconds(3_600)));
            long grown = after - before;
            System.out.printf("100,000 held messages: heap grew by %,d bytes (%d bytes per message); bodies total %,d"
                    + " bytes%n", grown, grown / MESSAGES, (long) MESSAGES * BODY);
            assertThat(grown).as("heap growth, against %,d bytes of bodies", (long) MESSAGES * BODY)
                    .isLessThan((long) MESSAGES * BODY / 2);
            assertThat(queue.size()).isEqualTo(MESSAGES); // keeps the queue reachable until measured
        }
    }

    private static long usedHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
