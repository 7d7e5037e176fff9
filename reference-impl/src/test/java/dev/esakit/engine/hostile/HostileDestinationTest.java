package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Destinations that attack the client rather than fail: a reply trickled a byte a second (slowloris), a
 * multi-line reply that never ends, a 10 MiB reply line, a connection that never closes. Each must cost the
 * engine bounded time (its stage timeouts) and bounded memory (its decoder limits), and end in the log lines a
 * failed host gets. Assertions are on outcome lines; the time bounds are hang guards only.
 */
class HostileDestinationTest {
    private static final String CONTENT = "Subject: hostile\r\n\r\nbody\r\n";

    @Test
    void slowlorisGreetingIsCutOffByTheGreetingTimeout() throws Exception {
        try (RawDestination slow = RawDestination.start(wire -> trickle(wire, "220 slow.test ESMTP\r\n"));
             EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + slow.port(),
                     Duration.ofMillis(1_500))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Connection Error: DCID")
                    && l.contains("details: timeout") && l.endsWith("reason: network error"));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(slow);
        }
    }

    @Test
    void slowlorisReplyMidTransactionDefersTheRecipientWithATimeout() throws Exception {
        try (RawDestination slow = RawDestination.start(wire -> {
            wire.write("220 ok\r\n");
            answer(wire, "250 ok\r\n"); // EHLO
            answer(wire, "250 ok\r\n"); // MAIL
            if (wire.command() != null) { // RCPT
                trickle(wire, "250 2.1.5 recipient ok\r\n");
            }
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + slow.port(),
                Duration.ofMillis(1_500))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Delayed: DCID") && l.contains("MID " + mid)
                    && l.contains("4.4.0") && l.contains("('000', ['timeout'])"));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(slow);
        }
    }

    @Test
    void endlessMultiLineGreetingIsCutOffByTheReplyLimitNotBufferedUntilTheTimeout() throws Exception {
        byte[] line = "220-this reply goes on and on and on and on and on and on\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = repeat(line, 1_000);
        try (RawDestination endless = RawDestination.start(wire -> {
            while (true) {
                wire.write(block); // ends with an IOException once the engine hangs up
            }
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + endless.port(),
                Duration.ofSeconds(20))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            // The greeting timeout is 20 s; the hang guard is shorter, so only the reply limit can end this.
            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Connection Error: DCID")
                    && l.contains("exceeds") && !l.contains("details: timeout"));
            assertThat(engine.log()).allSatisfy(l -> assertThat(l.length()).isLessThan(8_192));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(endless);
        }
    }

    @Test
    void endlessEhloReplyIsCutOffByTheReplyLimit() throws Exception {
        byte[] block = repeat("250-X-EXTENSION-THAT-NEVER-ENDS\r\n".getBytes(StandardCharsets.US_ASCII), 1_000);
        try (RawDestination endless = RawDestination.start(wire -> {
            wire.write("220 ok\r\n");
            if (wire.command() != null) {
                while (true) {
                    wire.write(block);
                }
            }
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + endless.port(),
                Duration.ofSeconds(20))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Connection Error: DCID")
                    && l.contains("exceeds") && !l.contains("details: timeout"));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(endless);
        }
    }

    @Test
    void tenMebibyteReplyLineIsRefusedByTheLineLimitAndNotCopiedIntoTheLog() throws Exception {
        byte[] huge = new byte[10 * 1024 * 1024 + 6];
        Arrays.fill(huge, (byte) 'x');
        System.arraycopy("220 ".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 4);
        huge[huge.length - 2] = '\r';
        huge[huge.length - 1] = '\n';
        try (RawDestination big = RawDestination.start(wire -> {
            wire.write(huge);
            wire.holdOpenUntilPeerCloses();
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + big.port(),
                Duration.ofSeconds(20))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Connection Error: DCID")
                    && l.contains("exceeds") && !l.contains("details: timeout"));
            assertThat(engine.log()).allSatisfy(l -> assertThat(l.length()).isLessThan(8_192));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(big);
        }
    }

    @Test
    void destinationThatNeverSpeaksIsCutOffByTheGreetingTimeout() throws Exception {
        try (RawDestination mute = RawDestination.start(RawDestination.Wire::holdOpenUntilPeerCloses);
             EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + mute.port(),
                     Duration.ofMillis(500))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.startsWith("Connection Error: DCID")
                    && l.contains("details: timeout") && l.endsWith("reason: network error"));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            awaitEnded(mute);
        }
    }

    @Test
    void destinationThatNeverClosesAfterDeliveryIsClosedByTheEngine() throws Exception {
        try (RawDestination sticky = RawDestination.start(wire -> {
            wire.write("220 ok\r\n");
            answer(wire, "250 ok\r\n"); // EHLO
            answer(wire, "250 ok\r\n"); // MAIL
            answer(wire, "250 ok\r\n"); // RCPT
            answer(wire, "354 go\r\n"); // DATA
            if (wire.content()) {
                wire.write("250 2.0.0 queued\r\n");
            }
            wire.holdOpenUntilPeerCloses(); // no 221 to QUIT, no close: the engine must let go by itself
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + sticky.port(),
                Duration.ofMillis(1_500))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).isEqualTo("Message finished MID " + mid + " done");
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(15));
            awaitEnded(sticky);
        }
    }

    /** One byte a second: the pace of a slowloris (a pacing delay of the fake, not a test waiting). */
    private static void trickle(RawDestination.Wire wire, String reply) throws IOException {
        for (byte b : reply.getBytes(StandardCharsets.US_ASCII)) {
            wire.write(new byte[] {b});
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void answer(RawDestination.Wire wire, String reply) throws IOException {
        if (wire.command() != null) {
            wire.write(reply);
        }
    }

    private static byte[] repeat(byte[] line, int times) {
        byte[] out = new byte[line.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(line, 0, out, i * line.length, line.length);
        }
        return out;
    }

    private static void awaitEnded(RawDestination destination) {
        await("the destination saw every connection end").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> destination.connections().stream().allMatch(RawDestination.Wire::finished));
    }
}
