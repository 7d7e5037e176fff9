package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbSpoolTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    private static QueuedMessage message(long mid, String... rcpts) {
        return new QueuedMessage(mid, "alice@sender.test", List.of(rcpts), T, 5);
    }

    @Test
    void everyRecipientResumesWhereItStoodAfterReopening() throws Exception {
        QueuedMessage m = message(7, "a@example.com", "b@example.com", "c@example.com");
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            spool.store(m, "hello".getBytes(StandardCharsets.US_ASCII)).get(5, TimeUnit.SECONDS);
            MessageState s = MessageState.initial(m)
                    .with(0, RecipientState.pending(T).attempted().finished(RecipientStatus.DELIVERED))
                    .with(1, RecipientState.pending(T).attempted().attempted().delayed(T.plusSeconds(120)));
            spool.commit(new SpoolBatch().state(s)).get(5, TimeUnit.SECONDS);
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            List<SpooledMessage> found = spool.recover();
            assertThat(found).singleElement().satisfies(f -> {
                assertThat(f.message()).isEqualTo(m);
                assertThat(f.state().recipients()).containsExactly(
                        new RecipientState(RecipientStatus.DELIVERED, 1, null),
                        new RecipientState(RecipientStatus.DELAYED, 2, T.plusSeconds(120)),
                        new RecipientState(RecipientStatus.PENDING, 0, T));
            });
            assertThat(new String(spool.content(7), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(spool.highestMid()).isEqualTo(7);
        }
    }

    /** A clean close leaves the next start nothing to replay: the write-ahead log was most of a 2 s restart. */
    @Test
    void aCleanCloseLeavesNoWriteAheadLogToReplay() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            for (long mid = 1; mid <= 200; mid++) {
                spool.store(message(mid, "a@example.com"), "hello".getBytes(StandardCharsets.US_ASCII))
                        .get(5, TimeUnit.SECONDS);
            }
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(RocksDbSpool.databasePath(dir))) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(logs).allSatisfy(log -> assertThat(log).isEmptyFile());
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThat(spool.recover()).hasSize(200);
            assertThat(spool.content(200)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The spool writes its blocks uncompressed since Snappy cost a fifth of the CPU of relaying 100 KiB messages;
     * a spool an older engine wrote with Snappy-compressed blocks must still give every message back.
     */
    @Test
    void aSpoolWrittenWithCompressedBlocksStillGivesItsMessagesBack() throws Exception {
        QueuedMessage m = message(9, "a@example.com");
        byte[] body = "Subject: compressible\r\n\r\n".concat("la de da de da\r\n".repeat(5_000))
                .getBytes(StandardCharsets.US_ASCII);
        java.nio.file.Files.createDirectories(RocksDbSpool.databasePath(dir));
        try (org.rocksdb.Options o = new org.rocksdb.Options().setCreateIfMissing(true)
                .setCompressionType(org.rocksdb.CompressionType.SNAPPY_COMPRESSION);
             org.rocksdb.RocksDB old = org.rocksdb.RocksDB.open(o, RocksDbSpool.databasePath(dir).toString());
             org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            old.put(SpoolRecords.key(SpoolRecords.ENVELOPE, 9), SpoolRecords.envelope(m));
            old.put(SpoolRecords.key(SpoolRecords.BODY, 9), body);
            old.put(SpoolRecords.key(SpoolRecords.STATE, 9), SpoolRecords.state(MessageState.initial(m)));
            old.put(SpoolRecords.HIGHEST_MID, SpoolRecords.encodeLong(9));
            old.flush(flush); // into a table file, whose blocks are compressed
            // 80 KB of values in under 10 KB of blocks: the table really is compressed
            assertThat(old.getProperty("rocksdb.aggregated-table-properties")).containsPattern("data block size=\\d{1,4};");
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThat(spool.recover()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo(m));
            assertThat(spool.content(9)).isEqualTo(body);
            assertThat(spool.highestMid()).isEqualTo(9);
        }
    }

    @Test
    void aRemovedMessageIsGoneButItsMidIsNeverReused() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            spool.store(message(41, "a@example.com"), new byte[] {1}).get(5, TimeUnit.SECONDS);
            spool.store(message(42, "a@example.com"), new byte[] {2}).get(5, TimeUnit.SECONDS);
            spool.commit(new SpoolBatch().remove(42)).get(5, TimeUnit.SECONDS);
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThat(spool.recover()).extracting(s -> s.message().mid()).containsExactly(41L);
            assertThat(spool.highestMid()).isEqualTo(42);
            assertThatThrownBy(() -> spool.content(42)).hasMessageContaining("MID 42 has no body");
        }
        assertThat(RocksDbSpool.readOnly(dir)).extracting(s -> s.message().mid()).containsExactly(41L);
    }

    @Test
    void aSecondEngineOnTheSameSpoolIsRefusedWithAClearMessage() {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThatThrownBy(() -> RocksDbSpool.open(dir)).hasMessageContaining(dir.resolve("db").toString())
                    .hasMessageContaining("already running");
        }
    }

    @Test
    void aBrokenStateRecordIsReportedWithTheSpoolAndTheMid() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            spool.store(message(5, "a@example.com"), new byte[] {1}).get(5, TimeUnit.SECONDS);
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options();
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, dir.resolve("db").toString())) {
            db.put(SpoolRecords.key(SpoolRecords.STATE, 5), new byte[] {1, 0, 0});
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThatThrownBy(spool::recover).hasMessageContaining(dir + " MID 5")
                    .hasMessageContaining("broken spool record");
        }
    }

    @Test
    void readingSomethingThatIsNotASpoolNamesTheDirectory() {
        assertThatThrownBy(() -> RocksDbSpool.readOnly(dir.resolve("nothing")))
                .hasMessageContaining("nothing").hasMessageContaining("not a spool");
    }

    /** Group commit: concurrent stores share fsyncs. Prints the figure; asserts only that sharing happened. */
    @Test
    void concurrentStoresShareFsyncs() throws Exception {
        int messages = 2_000;
        byte[] body = "x".repeat(2_000).getBytes(StandardCharsets.US_ASCII);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 1; i <= messages; i++) {
                long mid = i;
                acks.add(CompletableFuture.supplyAsync(() -> spool.store(message(mid, "a@example.com"), body), senders)
                        .thenCompose(f -> f));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            System.out.printf("spool group commit: %d messages, %d fsyncs, %.3f fsyncs per message%n", messages,
                    spool.syncs(), (double) spool.syncs() / messages);
            assertThat(spool.batchesWritten()).isEqualTo(messages);
            assertThat(spool.syncs()).isLessThan(messages);
            assertThat(spool.recover()).hasSize(messages);
        } finally {
            senders.shutdownNow();
        }
    }
}
