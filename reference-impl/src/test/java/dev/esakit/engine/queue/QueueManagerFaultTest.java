package dev.esakit.engine.queue;

import static dev.esakit.engine.queue.QueueFixture.RCPT;
import static dev.esakit.engine.queue.QueueFixture.SENDER;
import static dev.esakit.engine.queue.QueueFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.engine.time.EngineClock;
import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.fake.smtp.Stage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault in the queue manager's own work on a message must not leave the message in flight until the next
 * restart (accepted with 250, then neither delivered nor bounced). Two faults: a body the spool can no longer
 * read when its DSN is made, and a timer the clock refuses once.
 */
class QueueManagerFaultTest {
    @TempDir
    Path dir;

    /** Over the spool's 8 KiB inline limit: the body goes to a segment file. */
    private static final String LARGE_CONTENT = "Subject: large\r\nMessage-ID: <large@test>\r\n\r\n"
            + ("y".repeat(76) + "\r\n").repeat(160);

    @Test
    void aBodyTheSpoolCannotReadBackStillBouncesWithADsnWithoutTheCopy() throws IOException {
        BounceProfile oneRetry = new BounceProfile(1, Duration.ofDays(3), Duration.ofSeconds(60),
                Duration.ofSeconds(60), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(oneRetry))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit(SENDER, List.of(RCPT), LARGE_CONTENT);
            f.awaitAttempts(mid, 0, 1);

            damageEverySegment(RocksDbSpool.bodiesPath(dir.resolve("spool")));
            f.advance(Duration.ofSeconds(60)); // the second attempt cannot read the body, and is the last one
            f.awaitFinished(mid);

            assertThat(f.logContaining("Bounced: DCID 0 MID " + mid)).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> dsnFor(f.host.messages()) != null);
            String dsn = dsnFor(f.host.messages()).contentAsString();
            assertThat(dsn).contains("Final-Recipient: rfc822; " + RCPT)
                    .contains(DeliveryStatusNotification.UNREADABLE_ORIGINAL)
                    .doesNotContain("message/rfc822").doesNotContain("text/rfc822-headers")
                    .endsWith("--\r\n");
            // Two parts, then the closing delimiter: the human-readable part and message/delivery-status.
            assertThat(dsn.lines().filter(l -> l.startsWith("--=_esakit-dsn-")).toList())
                    .hasSize(3).last().asString().endsWith("--");
        }
    }

    @Test
    void aTimerTheClockRefusesOnceHoldsTheMessageAndTriesItAgain() {
        Instant retryAt = T0.plusSeconds(77); // the only timer at T0 + 77 s is the message's retry
        AtomicReference<EngineClock> real = new AtomicReference<>();
        AtomicBoolean refused = new AtomicBoolean();
        EngineClock refusingTheFirstRetry = new EngineClock() {
            @Override
            public Instant now() {
                return real.get().now();
            }

            @Override
            public Scheduled schedule(Instant at, Runnable task) {
                if (at.equals(retryAt) && refused.compareAndSet(false, true)) {
                    throw new RejectedExecutionException("refused once, as by a scheduler that is shutting down");
                }
                return real.get().schedule(at, task);
            }
        };
        BounceProfile every77s = new BounceProfile(5, Duration.ofDays(3), Duration.ofSeconds(77),
                Duration.ofSeconds(77), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(every77s).clock(refusingTheFirstRetry))) {
            real.set(f.clock);
            f.host.on(Stage.RCPT).matching("bob@example\\.com").times(1).reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            assertThat(refused).isTrue();

            f.advance(Duration.ofSeconds(77));
            f.awaitFinished(mid);

            assertThat(f.logContaining("MID " + mid + " to RID [0]").stream().filter(l -> l.contains("Message done DCID")))
                    .hasSize(1);
            assertThat(f.host.messages()).extracting(ReceivedMessage::recipients).containsExactly(List.of(RCPT));
        }
    }

    private static ReceivedMessage dsnFor(List<ReceivedMessage> received) {
        return received.stream().filter(m -> m.mailFrom().isEmpty()).findFirst().orElse(null);
    }

    /** Flips a byte in the middle of every body segment: its checksum no longer matches. */
    private static void damageEverySegment(Path bodies) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(bodies)) {
            segments = files.filter(p -> p.toString().endsWith(".seg")).toList();
        }
        assertThat(segments).isNotEmpty();
        for (Path segment : segments) {
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long at = ch.size() / 2;
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, at);
                b.flip();
                byte flipped = (byte) (b.get(0) ^ 0x55);
                ch.write(ByteBuffer.wrap(new byte[] {flipped}), at);
            }
        }
    }
}
