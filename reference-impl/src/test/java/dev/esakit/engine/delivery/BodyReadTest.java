package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.RefusingPort;
import dev.esakit.fake.smtp.Stage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The body is read from the spool only once a connection is ready to carry it: a message waiting for a host (or
 * for a connection slot, under a backlog) holds no body in the heap. A body the spool cannot give delays the
 * message; it neither loses it nor leaves it in flight.
 */
class BodyReadTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0);
    private final FakeSmtpServer b = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void stop() {
        rig.close();
        a.close();
        b.close();
    }

    private Supplier<byte[]> countedBody() {
        return () -> {
            reads.incrementAndGet();
            return DeliveryRig.CONTENT.getBytes(StandardCharsets.US_ASCII);
        };
    }

    private Map<Integer, RecipientOutcome> deliver(String routes, Supplier<byte[]> body) throws Exception {
        QueuedMessage message = rig.message("bob@example.com");
        return rig.agent(routes).deliver(message, body, List.of(0)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void noHostAnswersAndTheBodyIsNeverRead() throws Exception {
        try (RefusingPort refusing = RefusingPort.bind("127.0.0.1")) {
            Map<Integer, RecipientOutcome> outcome = deliver(
                    "example.com 127.0.0.1:" + refusing.address().getPort() + "/pri=0", countedBody());
            assertThat(outcome.get(0)).isInstanceOf(RecipientOutcome.Delayed.class);
        }
        assertThat(reads).hasValue(0);
    }

    @Test
    void afterAFailoverTheBodyIsReadOnceForTheHostThatTakesIt() throws Exception {
        a.on(Stage.GREETING).reply(421, "4.3.2 try the next host").start();
        Map<Integer, RecipientOutcome> outcome = deliver(DeliveryRig.primaryAndBackup(a, b), countedBody());
        assertThat(outcome.get(0)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(reads).hasValue(1);
        assertThat(b.messages()).hasSize(1);
    }

    @Test
    void aBodyTheSpoolCannotGiveDelaysTheRecipient() throws Exception {
        a.start();
        Map<Integer, RecipientOutcome> outcome = deliver("example.com 127.0.0.1:" + a.address().getPort() + "/pri=0",
                () -> {
                    throw new IllegalStateException("MID 1 has no body in the spool");
                });
        assertThat(outcome.get(0)).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.normalized()).anyMatch(line -> line.startsWith("Delayed: DCID d1 MID 1 ")
                && line.contains("MID 1 has no body in the spool"));
        assertThat(a.messages()).isEmpty();
        rig.assertEveryConnectionClosedOnce();
    }
}
