package dev.esakit.engine.queue;

import static dev.esakit.engine.queue.QueueFixture.RCPT;
import static dev.esakit.engine.queue.QueueFixture.SENDER;
import static dev.esakit.engine.queue.QueueFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.fake.smtp.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notifications to the envelope sender, sent through the engine itself. */
class DeliveryStatusNotificationTest {
    @TempDir
    Path dir;

    private static List<ReceivedMessage> dsns(QueueFixture f) {
        return f.host.messages().stream().filter(m -> m.mailFrom().isEmpty()).toList();
    }

    private static ReceivedMessage awaitDsn(QueueFixture f) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !dsns(f).isEmpty());
        return dsns(f).get(0);
    }

    @Test
    void q6HardBounceSendsOneRfc3464ReportWithTheOriginalAttached() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com|carol@example\\.com").reply(550, "5.1.1 No such user");
            f.host.start();
            f.run();
            long mid = f.submit(SENDER, List.of(RCPT, "carol@example.com", "dan@example.com"),
                    "Subject: original subject\r\nMessage-ID: <orig@test>\r\n\r\noriginal body\r\n");
            f.awaitFinished(mid);
            ReceivedMessage dsn = awaitDsn(f);

            assertThat(dsn.recipients()).containsExactly(SENDER);
            String text = dsn.contentAsString();
            assertThat(text).contains("Content-Type: multipart/report; report-type=delivery-status;",
                    "Content-Type: message/delivery-status", "Reporting-MTA: dns; esakit.localhost",
                    "Final-Recipient: rfc822; bob@example.com", "Final-Recipient: rfc822; carol@example.com",
                    "Action: failed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 No such user",
                    "Content-Type: message/rfc822", "Subject: original subject", "original body");
            assertThat(text).doesNotContain("Final-Recipient: rfc822; dan@example.com");
            assertThat(boundaryParts(text)).as("text, delivery-status, original").isEqualTo(3);
            long dsnMid = mid + 1;
            assertThat(f.log()).contains(at(0) + " Info: MID " + dsnMid + " was generated for bounce of MID " + mid);
            f.awaitFinished(dsnMid);
            assertThat(dsns(f)).hasSize(1);
            assertThat(f.host.messages().stream().filter(m -> !m.mailFrom().isEmpty()))
                    .singleElement().satisfies(m -> assertThat(m.recipients()).containsExactly("dan@example.com"));
        }
    }

    @Test
    void q6OriginalOfTenKibOrMoreIsReturnedAsItsHeadersOnly() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(550, "5.1.1 No such user");
            f.host.start();
            f.run();
            String body = ("0123456789abcdef".repeat(4) + "\r\n").repeat(200); // about 13 KiB
            long mid = f.submit(SENDER, List.of(RCPT), "Subject: big one\r\nX-Marker: kept\r\n\r\n" + body);
            f.awaitFinished(mid);
            String text = awaitDsn(f).contentAsString();
            assertThat(text).contains("Content-Type: text/rfc822-headers", "Subject: big one", "X-Marker: kept")
                    .doesNotContain("0123456789abcdef").doesNotContain("message/rfc822");
        }
    }

    @Test
    void q6NoDsnForTheNullSender() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(550, "5.1.1 No such user");
            f.host.start();
            f.run();
            long mid = f.submit("", List.of(RCPT), "Subject: a bounce itself\r\n\r\nx\r\n");
            f.awaitFinished(mid);
            assertThat(f.logContaining("was generated for bounce")).isEmpty();
            assertThat(f.engine.queue().size()).isZero();
            assertThat(f.host.messages()).isEmpty();
        }
    }

    @Test
    void q9DelayWarningOnTheSecondAttemptAfterA4xxWhenEnabled() {
        BounceProfile warn = new BounceProfile(100, Duration.ofSeconds(259_200), Duration.ofSeconds(60),
                Duration.ofSeconds(3600), true);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(warn))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            assertThat(dsns(f)).as("no warning after the first attempt").isEmpty();
            assertThat(f.logContaining("delay warning")).isEmpty();

            f.advance(Duration.ofSeconds(60));
            f.awaitAttempts(mid, 0, 2);
            String text = awaitDsn(f).contentAsString();
            assertThat(text).contains("report-type=delivery-status", "Action: delayed", "Status: 4.3.0",
                    "Final-Recipient: rfc822; " + RCPT);
            assertThat(f.log()).contains(at(60) + " Info: MID " + (mid + 1) + " was generated for delay warning of MID "
                    + mid);

            f.advance(Duration.ofSeconds(120));
            f.awaitAttempts(mid, 0, 3);
            f.awaitFinished(mid + 1);
            assertThat(dsns(f)).as("one warning only").hasSize(1);
            assertThat(f.held(mid).orElseThrow().state().delayWarningSent()).isTrue();
        }
    }

    @Test
    void q9NoDelayWarningByDefaultNorAfterANetworkError() {
        BounceProfile warn = new BounceProfile(100, Duration.ofSeconds(259_200), Duration.ofSeconds(60),
                Duration.ofSeconds(3600), true);
        try (QueueFixture off = QueueFixture.start(dir.resolve("off"), b -> b);
             QueueFixture net = QueueFixture.start(dir.resolve("net"), b -> b.bounceProfile(warn))) {
            off.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            off.host.start();
            off.run();
            net.host.on(Stage.MAIL).matching(QueueFixture.SENDER.replace(".", "\\.")).closeWithoutReply();
            net.host.start();
            net.run();
            long a = off.submit();
            long b = net.submit();
            off.awaitAttempts(a, 0, 1);
            net.awaitAttempts(b, 0, 1);
            off.advance(Duration.ofSeconds(60));
            net.advance(Duration.ofSeconds(60));
            off.awaitAttempts(a, 0, 2);
            net.awaitAttempts(b, 0, 2);
            assertThat(off.logContaining("generated for")).isEmpty();
            assertThat(net.logContaining("generated for")).isEmpty();
            assertThat(net.logContaining("('000'")).isNotEmpty();
        }
    }

    private static int boundaryParts(String text) {
        String boundary = text.replaceAll("(?s).*boundary=\"([^\"]+)\".*", "$1");
        return text.split("\r\n--" + java.util.regex.Pattern.quote(boundary) + "\r\n", -1).length - 1;
    }
}
