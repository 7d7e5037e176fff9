package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.FakeSmtpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sender that holds the listener's connection without finishing a line (idle, or slowloris: a byte now and
 * then, never a line end) is cut off by the server timeout (RFC 5321 4.5.3.2.7) with a 421 and its
 * {@code ICID n close} line, so such clients cannot pile up connections for ever. The timeout is 700 ms here
 * (5 min by default).
 */
class InboundTimeoutTest {
    private FakeSmtpServer destination;
    private EngineUnderTest engine;

    @BeforeEach
    void start() {
        destination = FakeSmtpServer.bind("127.0.0.1", 0).start();
        engine = EngineUnderTest.start("routed.test 127.0.0.1:" + destination.address().getPort(),
                Duration.ofSeconds(2), b -> b.inboundTimeout(Duration.ofMillis(700)));
    }

    @AfterEach
    void stop() {
        engine.close();
        destination.close();
    }

    @Test
    void anIdleSenderGets421AndIsDisconnected() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            SubmittingClient.expect(c.reply(), "220");
            assertThat(c.reply()).startsWith("421 4.4.2");
            assertThat(c.reply()).as("then the connection ends").isNull();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.logText().stream().anyMatch(l -> l.matches("^ICID \\d+ close$")));
    }

    @Test
    void aSlowlorisSenderIsCutOffAlthoughBytesKeepComing() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            SubmittingClient.expect(c.reply(), "220");
            assertCutOffWhileTrickling(c, "N");
        }
    }

    @Test
    void aSlowlorisSenderInsideTheMessageIsCutOffToo() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            SubmittingClient.expect(c.reply(), "220");
            assertThat(c.send("HELO slow.test")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@sender.test>")).startsWith("250");
            assertThat(c.send("RCPT TO:<b@routed.test>")).startsWith("250");
            assertThat(c.send("DATA")).startsWith("354");
            assertCutOffWhileTrickling(c, "x"); // inside the message now
        }
    }

    /** Sends one byte every 200 ms for 10 s, never a line end, and expects the 421 before that ends. */
    private static void assertCutOffWhileTrickling(SubmittingClient c, String oneByte) throws Exception {
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    c.raw(oneByte);
                    TimeUnit.MILLISECONDS.sleep(200); // the pace of the hostile client, not a wait
                }
            } catch (IOException e) {
                // the engine hung up: what this test wants
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(c.reply()).startsWith("421 4.4.2");
        trickle.get(15, TimeUnit.SECONDS);
    }

    @Test
    void aSenderThatKeepsTalkingIsNotCutOff() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            SubmittingClient.expect(c.reply(), "220");
            for (int i = 0; i < 4; i++) { // 1.6 s in all, longer than the timeout: each line restarts it
                assertThat(c.send("NOOP")).startsWith("250");
                TimeUnit.MILLISECONDS.sleep(400); // the client's pace, not a wait for the engine
            }
            assertThat(SubmittingClient.submit(engine.listenAddress(), "a@sender.test",
                    java.util.List.of("b@routed.test"), "Subject: t\r\n\r\nbody\r\n")).isPositive();
        }
    }
}
