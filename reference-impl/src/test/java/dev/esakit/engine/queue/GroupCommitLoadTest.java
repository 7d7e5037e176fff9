package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit seen from SMTP: 16 clients submit at once and the engine delivers everything. Prints the fsyncs
 * per message (each message costs a store and a "finished" commit; grouping lets them share fsyncs). Isolated,
 * like the crash test, so that its load does not slow other tests.
 */
@Isolated
class GroupCommitLoadTest {
    private static final int CLIENTS = 16;
    private static final int PER_CLIENT = 25;

    @TempDir
    Path dir;

    @Test
    void concurrentSubmissionsShareFsyncs() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.start();
            f.run();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        f.submit();
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            int messages = CLIENTS * PER_CLIENT;
            await().atMost(Duration.ofSeconds(20)).until(() -> f.host.messages().size() == messages
                    && f.engine.queuedMessages() == 0);
            RocksDbSpool spool = (RocksDbSpool) f.engine.spool();
            System.out.printf("group commit under SMTP load: %d messages from %d clients, %d spool commits, %d fsyncs,"
                            + " %.2f fsyncs per message%n", messages, CLIENTS, spool.batchesWritten(), spool.syncs(),
                    (double) spool.syncs() / messages);
            assertThat(spool.syncs()).isLessThan(spool.batchesWritten());
        } finally {
            clients.shutdownNow();
        }
    }
}
