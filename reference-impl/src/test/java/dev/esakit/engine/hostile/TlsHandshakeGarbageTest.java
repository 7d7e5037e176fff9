package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.control.DestinationControlsParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A destination that offers STARTTLS, says 220 to it, and then puts garbage where the TLS handshake should be:
 * plain text, random bytes without end, a TLS record header announcing a huge record that never comes, or
 * nothing at all. The handshake fails within the command timeout, the failure is logged on one bounded line,
 * and the message goes on as CONN-3 says: in plain text on a new connection when TLS is preferred, held when
 * it is required (FO-13).
 */
class TlsHandshakeGarbageTest {
    private static final String CONTENT = "Subject: tls\r\n\r\nbody\r\n";

    @Test
    void plainTextInsteadOfAServerHelloFallsBackToPlainTextWhenPreferred() throws Exception {
        assertPreferredFallsBack(wire -> wire.write("220 this is not TLS at all\r\n".repeat(50)));
    }

    @Test
    void endlessRandomBytesInsteadOfAServerHelloFallBackToPlainTextWhenPreferred() throws Exception {
        Random random = new Random(42);
        byte[] block = new byte[64 * 1024];
        assertPreferredFallsBack(wire -> {
            while (true) {
                random.nextBytes(block);
                wire.write(block); // an IOException once the engine hangs up ends this
            }
        });
    }

    @Test
    void aRecordHeaderPromisingSixteenKilobytesThatNeverComeIsCutOffByTheHandshakeTimeout() throws Exception {
        assertPreferredFallsBack(wire -> {
            wire.write(new byte[] {0x16, 0x03, 0x03, 0x3f, (byte) 0xff, 0x02, 0x00}); // handshake record, 16 KiB
            wire.holdOpenUntilPeerCloses();
        });
    }

    @Test
    void silenceAfterThe220IsCutOffByTheHandshakeTimeout() throws Exception {
        assertPreferredFallsBack(RawDestination.Wire::holdOpenUntilPeerCloses);
    }

    @Test
    void garbageHandshakeWithTlsRequiredHoldsTheMessage() throws Exception {
        try (RawDestination destination = RawDestination.start(wire -> {
            if (startTls(wire)) {
                wire.write("garbage garbage garbage\r\n");
                wire.holdOpenUntilPeerCloses();
            }
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + destination.port(),
                Duration.ofMillis(1_500), b -> b.destinationControls(controls("tls=required")))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).contains("pending till");
            assertThat(engine.logText()).anyMatch(l -> l.matches("^DCID \\d+ TLS failed: .+"))
                    .anyMatch(l -> l.matches("^DCID \\d+ IP 127\\.0\\.0\\.1 TLS was required but could not be "
                            + "successfully negotiated$"));
            assertThat(destination.connections()).allSatisfy(w -> assertThat(w.commands()).doesNotContain("DATA"));
            assertBoundedLogAndClosed(engine, destination);
        }
    }

    /** Connection 0 breaks the handshake as told; connection 1 (the plain-text retry) takes the message. */
    private static void assertPreferredFallsBack(RawDestination.Conversation afterStartTls) throws Exception {
        try (RawDestination destination = RawDestination.perConnection(i -> i == 0 ? wire -> {
            if (startTls(wire)) {
                afterStartTls.run(wire);
            }
        } : TlsHandshakeGarbageTest::plainDelivery); EngineUnderTest engine = EngineUnderTest.start(
                "example.test 127.0.0.1:" + destination.port(), Duration.ofMillis(1_500),
                b -> b.destinationControls(controls("tls=preferred")))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), CONTENT);

            assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10)))
                    .isEqualTo("Message finished MID " + mid + " done");
            assertThat(engine.logText()).anyMatch(l -> l.matches("^DCID \\d+ TLS failed: .+"))
                    .anyMatch(l -> l.matches("^Message done DCID \\d+ MID " + mid + " to RID \\[0]$"));
            assertThat(destination.connections()).hasSize(2);
            assertThat(destination.connections().get(1).commands()).contains("DATA")
                    .noneMatch(c -> c.equalsIgnoreCase("STARTTLS"));
            assertBoundedLogAndClosed(engine, destination);
        }
    }

    private static void assertBoundedLogAndClosed(EngineUnderTest engine, RawDestination destination) {
        assertThat(engine.log()).allSatisfy(l -> assertThat(l.length()).as(l.substring(0, Math.min(200, l.length())))
                .isLessThan(4_096));
        engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
        await("the destination saw every connection end").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> destination.connections().stream().allMatch(RawDestination.Wire::finished));
    }

    private static DestinationControls controls(String tls) {
        return new DestinationControls(DestinationControlsParser.parse("example.test " + tls, "controls"));
    }

    /** Greeting, EHLO offering STARTTLS, 220 to STARTTLS. False if the engine left before that. */
    private static boolean startTls(RawDestination.Wire wire) throws IOException {
        wire.write("220 tls.test ESMTP\r\n");
        String ehlo = wire.command();
        if (ehlo == null) {
            return false;
        }
        wire.write("250-tls.test\r\n250 STARTTLS\r\n");
        String next = wire.command();
        if (next == null || !next.equalsIgnoreCase("STARTTLS")) {
            return false;
        }
        wire.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    /** A plain, well-behaved destination without STARTTLS. */
    private static void plainDelivery(RawDestination.Wire wire) throws IOException {
        wire.write("220 plain.test ESMTP\r\n");
        String command;
        while ((command = wire.command()) != null) {
            String verb = command.length() >= 4 ? command.substring(0, 4).toUpperCase() : command;
            switch (verb) {
                case "EHLO" -> wire.write("250-plain.test\r\n250 8BITMIME\r\n");
                case "DATA" -> {
                    wire.write("354 go\r\n");
                    if (!wire.content()) {
                        return;
                    }
                    wire.write("250 2.0.0 queued\r\n");
                }
                case "QUIT" -> {
                    wire.write("221 bye\r\n");
                    wire.close();
                    return;
                }
                default -> wire.write("250 ok\r\n");
            }
        }
    }
}
