package dev.esakit.engine.queue;

import static dev.esakit.engine.queue.QueueFixture.SENDER;
import static dev.esakit.engine.queue.QueueFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.fake.smtp.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Q-8 within one JVM: a restart resumes each recipient where it stood (the kill -9 case is CrashTest). */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void restartResumesOpenRecipientsAndNeverResendsDeliveredOnes() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("carol@example\\.com").times(1).reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit(SENDER, List.of("bob@example.com", "carol@example.com"), "Subject: two\r\n\r\nx\r\n");
            f.awaitAttempts(mid, 1, 1);
            assertThat(f.host.messages()).singleElement()
                    .satisfies(m -> assertThat(m.recipients()).containsExactly("bob@example.com"));

            f.restart();
            SpooledMessage resumed = f.held(mid).orElseThrow();
            assertThat(resumed.state().recipient(0).status()).isEqualTo(RecipientStatus.DELIVERED);
            assertThat(resumed.state().recipient(1)).isEqualTo(
                    new RecipientState(RecipientStatus.DELAYED, 1, QueueFixture.T0.plusSeconds(60)));

            f.advance(Duration.ofSeconds(60));
            f.awaitFinished(mid);
            assertThat(f.host.messages()).hasSize(2);
            assertThat(f.host.messages().get(1).recipients()).containsExactly("carol@example.com");
            assertThat(f.log()).contains(at(60) + " Info: Message finished MID " + mid + " done");

            f.restart();
            assertThat(f.engine.queue().size()).isZero();
            assertThat(f.submit()).as("MIDs are never reused").isGreaterThan(mid);
        }
    }
}
