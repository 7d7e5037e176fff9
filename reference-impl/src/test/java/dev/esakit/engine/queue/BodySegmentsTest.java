package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's bodies in segment files: kept while pointed to, gone once not, checked when read. */
class BodySegmentsTest {
    private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");
    /** Bodies large enough to go to a segment; two fill a segment, the third starts the next one. */
    private static final int BODY_BYTES = RocksDbSpool.INLINE_BODY_BYTES + 100;
    private static final long SMALL_SEGMENTS = 2L * BODY_BYTES;

    @TempDir
    Path dir;

    private static QueuedMessage message(long mid) {
        return new QueuedMessage(mid, "alice@sender.test", List.of("bob@example.com"), T, BODY_BYTES);
    }

    private static byte[] body(long mid) {
        return ("Subject: " + mid + "\r\n\r\n" + "x".repeat(BODY_BYTES)).substring(0, BODY_BYTES)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private List<String> segments() throws IOException {
        try (Stream<Path> files = Files.list(RocksDbSpool.bodiesPath(dir))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void store(RocksDbSpool spool, long mid) throws Exception {
        spool.store(message(mid), body(mid)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSegmentGoesOnlyOnceEveryBodyInItIsRemovedAndALaterWriteIsSynced() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) {
            store(spool, 1);
            store(spool, 2);
            store(spool, 3); // rolls: 1 and 2 are in the first segment, 3 in the second
            assertThat(segments()).hasSize(2);

            spool.commit(new SpoolBatch().remove(1)).get(5, TimeUnit.SECONDS);
            spool.commit(new SpoolBatch().remove(2)).get(5, TimeUnit.SECONDS);
            // The removals are written unsynced: a power loss could bring them back, so the bodies stay.
            assertThat(segments()).hasSize(2);
            assertThat(spool.content(3)).isEqualTo(body(3));

            store(spool, 4); // a synced write: the removals before it are durable
            assertThat(segments()).hasSize(1);
            assertThat(spool.content(3)).isEqualTo(body(3));
            assertThat(spool.content(4)).isEqualTo(body(4));
        }
    }

    @Test
    void aMessageRemovedByItsEnvelopeFreesItsBodyAsOneRemovedByMid() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) {
            store(spool, 1);
            store(spool, 2);
            store(spool, 3); // rolls
            // The queue removes a message by its envelope, whose size says the body is in a segment.
            spool.commit(new SpoolBatch().remove(message(1)).remove(message(2))).get(5, TimeUnit.SECONDS);
            store(spool, 4); // a synced write: the first segment, empty, goes
            assertThat(segments()).containsExactly(segment(2));
        }
    }

    @Test
    void aMessageRemovedTwiceInOneGroupFreesItsBodyOnce() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) {
            store(spool, 1);
            store(spool, 2); // the same segment as 1
            store(spool, 3); // rolls
            spool.commit(new SpoolBatch().remove(1).remove(1)).get(5, TimeUnit.SECONDS);
            store(spool, 4); // a synced write: dead segments would go now
            assertThat(spool.content(2)).isEqualTo(body(2));
        }
    }

    @Test
    void aSmallBodyStaysBesideItsEnvelopeAndNeedsNoSegment() throws Exception {
        byte[] small = "Subject: short\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            spool.store(message(5), small).get(5, TimeUnit.SECONDS);
            assertThat(segments()).isEmpty();
            assertThat(spool.content(5)).isEqualTo(small);
            spool.commit(new SpoolBatch().remove(5)).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> spool.content(5)).hasMessageContaining("MID 5");
        }
    }

    @Test
    void afterARestartBodiesAreReadFromTheOldSegmentsAndNewOnesGoToANewSegment() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            store(spool, 1);
        }
        List<String> before = segments();
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThat(spool.recover()).extracting(m -> m.message().mid()).containsExactly(1L);
            assertThat(spool.content(1)).isEqualTo(body(1));
            store(spool, 2);
            assertThat(spool.content(2)).isEqualTo(body(2));
            assertThat(segments()).hasSize(2).containsAll(before);
        }
    }

    @Test
    void atStartUpASegmentNothingPointsToIsDeleted() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            store(spool, 1);
        }
        // Bytes written before a crash cut the RocksDB write that would have pointed to them.
        Path orphan = RocksDbSpool.bodiesPath(dir).resolve(String.format("%016d.seg", 99));
        Files.write(orphan, body(2));
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThat(orphan).doesNotExist();
            assertThat(spool.content(1)).isEqualTo(body(1));
        }
    }

    @Test
    void aDamagedBodyIsReportedWithItsMidAndFileInsteadOfBeingSent() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            store(spool, 7);
        }
        Path segment = RocksDbSpool.bodiesPath(dir).resolve(segments().get(0));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'#'}), 20);
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            assertThatThrownBy(() -> spool.content(7))
                    .hasMessageContaining("MID 7")
                    .hasMessageContaining(segment.toString())
                    .hasMessageContaining("damaged");
        }
    }

    @Test
    void aBodyWhoseSegmentIsGoneIsReportedWithItsMidAndFile() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir)) {
            store(spool, 8);
            Path segment = RocksDbSpool.bodiesPath(dir).resolve(segments().get(0));
            Files.delete(segment);
            assertThatThrownBy(() -> spool.content(8))
                    .hasMessageContaining("MID 8")
                    .hasMessageContaining(segment.toString());
        }
    }

    /** Waits for the writer to finish what it does after a group (compaction): an empty batch queues behind it. */
    private static void afterTheWriter(RocksDbSpool spool) throws Exception {
        spool.commit(new SpoolBatch()).get(5, TimeUnit.SECONDS);
    }

    private static String segment(long n) {
        return String.format("%016d.seg", n);
    }

    @Test
    void aHeldBodyMovesOutOfAnOldHalfEmptySegmentWhichThenGoes() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) {
            store(spool, 1); // held for days: its destination is down
            store(spool, 2);
            store(spool, 3); // segment 2
            spool.commit(new SpoolBatch().remove(2)).get(5, TimeUnit.SECONDS);
            store(spool, 4);
            afterTheWriter(spool);
            assertThat(segments()).containsExactly(segment(1), segment(2)); // segment 1 is only one segment old

            store(spool, 5); // segment 3 starts: segment 1, half empty, is two segments old
            afterTheWriter(spool);
            assertThat(segments()).containsExactly(segment(2), segment(3));
            for (long mid : List.of(1L, 3L, 4L, 5L)) {
                assertThat(spool.content(mid)).as("MID %d", mid).isEqualTo(body(mid));
            }
        }
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) { // the move was durable
            assertThat(spool.content(1)).isEqualTo(body(1));
            assertThat(segments()).containsExactly(segment(2), segment(3));
        }
    }

    @Test
    void aSegmentMoreThanHalfFullIsNotCompacted() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, 3L * BODY_BYTES)) {
            for (long mid = 1; mid <= 3; mid++) {
                store(spool, mid); // segment 1
            }
            spool.commit(new SpoolBatch().remove(2)).get(5, TimeUnit.SECONDS); // two of three still live
            for (long mid = 4; mid <= 10; mid++) {
                store(spool, mid); // segments 2 to 4
            }
            afterTheWriter(spool);
            assertThat(segments()).contains(segment(1));
            assertThat(spool.content(1)).isEqualTo(body(1));
            assertThat(spool.content(3)).isEqualTo(body(3));
        }
    }

    @Test
    void aSegmentWithABodyThatCannotBeReadBackStaysAndTheSpoolGoesOn() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, SMALL_SEGMENTS)) {
            store(spool, 1);
            store(spool, 2);
            store(spool, 3);
            spool.commit(new SpoolBatch().remove(2)).get(5, TimeUnit.SECONDS);
            Path first = RocksDbSpool.bodiesPath(dir).resolve(segment(1));
            try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {'#'}), 20); // MID 1's body
            }
            for (long mid = 4; mid <= 8; mid++) {
                store(spool, mid);
            }
            afterTheWriter(spool);
            assertThat(first).exists();
            assertThatThrownBy(() -> spool.content(1)).hasMessageContaining("MID 1").hasMessageContaining("damaged");
            for (long mid = 3; mid <= 8; mid++) {
                assertThat(spool.content(mid)).as("MID %d", mid).isEqualTo(body(mid));
            }
        }
    }

    @Test
    void bodiesHeldAcrossManySegmentsTakeAboutTwiceTheirBytesOnDisk() throws Exception {
        try (RocksDbSpool spool = RocksDbSpool.open(dir, 10L * BODY_BYTES)) {
            // One message in ten is held; the others are delivered soon after they arrive.
            for (long mid = 1; mid <= 400; mid++) {
                store(spool, mid);
                if (mid % 10 != 0) {
                    spool.commit(new SpoolBatch().remove(mid)).get(5, TimeUnit.SECONDS);
                }
            }
            afterTheWriter(spool);
            long held = 40L * BODY_BYTES;
            long onDisk;
            try (Stream<Path> files = Files.list(RocksDbSpool.bodiesPath(dir))) {
                onDisk = files.mapToLong(f -> f.toFile().length()).sum();
            }
            // Without compaction: all 40 segments, ten times the held bytes.
            assertThat(onDisk).isLessThanOrEqualTo(2 * held + 3 * 10L * BODY_BYTES);
            for (long mid = 10; mid <= 400; mid += 10) {
                assertThat(spool.content(mid)).as("MID %d", mid).isEqualTo(body(mid));
            }
        }
    }
}
