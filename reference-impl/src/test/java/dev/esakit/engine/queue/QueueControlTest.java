package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.Stage;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control directory: answers, errors that name the request, and requests left while the engine is down. */
class QueueControlTest {
    @TempDir
    Path dir;

    @Test
    void aRunningEngineAnswersAndNamesWhatIsWrongWithABadRequest() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.start();
            f.run();
            Path spool = dir.resolve("spool");
            assertThat(QueueControl.engineRunning(spool)).isTrue();
            assertThat(QueueControl.send(spool, "list", Duration.ofSeconds(5))).hasValue("ok\n0 messages in the queue\n");
            assertThat(QueueControl.send(spool, "frobnicate", Duration.ofSeconds(5))).get().asString()
                    .startsWith("error: unknown command 'frobnicate'");
            assertThat(QueueControl.send(spool, "bounce twelve", Duration.ofSeconds(5))).get().asString()
                    .startsWith("error: 'bounce twelve': expected a MID");
        }
    }

    @Test
    void aRequestLeftWhileTheEngineIsDownIsAppliedWhenItStarts() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            f.engine.close();
            Path spool = dir.resolve("spool");
            assertThat(QueueControl.engineRunning(spool)).isFalse();
            QueueControl.leave(spool, "delete " + mid);

            f.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> f.engine.queuedMessages() == 0);
            assertThat(f.logContaining("Message finished MID " + mid + " done")).hasSize(1);
            assertThat(f.engine.spool().recover()).as("removed from the spool").isEmpty();
        }
    }
}
