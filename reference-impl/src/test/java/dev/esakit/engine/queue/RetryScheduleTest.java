package dev.esakit.engine.queue;

import static dev.esakit.engine.queue.QueueFixture.RCPT;
import static dev.esakit.engine.queue.QueueFixture.SENDER;
import static dev.esakit.engine.queue.QueueFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.fake.smtp.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 4 in virtual time: holds, the retry schedule, expiry and maximum retries, per-route profiles. */
class RetryScheduleTest {
    @TempDir
    Path dir;

    private static final String EXPIRED_TAIL = " - 5.4.7 - Delivery expired (message too old) ('000', ['timeout'])";

    private static List<String> stamps(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, 24)).toList();
    }

    @Test
    void q2WaitDoublesFromTheInitialWaitUpToTheMaximum() {
        BounceProfile p = BounceProfile.defaults();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 100).stream().map(k -> p.waitBeforeRetry(k).toSeconds()).toList())
                .containsExactly(60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L, 3600L);
        BounceProfile flat = new BounceProfile(2, Duration.ofSeconds(259_200), Duration.ofSeconds(60),
                Duration.ofSeconds(60), false);
        assertThat(flat.waitBeforeRetry(1)).isEqualTo(flat.waitBeforeRetry(2)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void q1HeldMessageIsLoggedPendingTillItsRetryAndRetriedThen() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com|carol@example\\.com").reply(452, "4.3.1 Mail system full");
            f.host.start();
            f.run();
            long mid = f.submit(SENDER, List.of(RCPT, "carol@example.com"), "Subject: hold\r\n\r\nbody\r\n");
            f.awaitAttempts(mid, 1, 1);

            assertThat(f.log()).contains(at(0) + " Info: MID " + mid + " to RID [0, 1] pending till " + at(60));
            assertThat(f.held(mid).orElseThrow().state().recipients())
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(RecipientStatus.DELAYED));

            f.advance(Duration.ofSeconds(59));
            assertThat(f.logContaining("Delayed: DCID")).hasSize(2); // not retried early
            f.advance(Duration.ofSeconds(1));
            f.awaitAttempts(mid, 1, 2);
            assertThat(f.logContaining("Delayed: DCID")).hasSize(4);
            assertThat(f.log()).contains(at(60) + " Info: MID " + mid + " to RID [0, 1] pending till " + at(180));
        }
    }

    @Test
    void q3MaxRetriesTwoAttemptsAtZeroSixtyAndOneTwentyThenBounce() {
        BounceProfile q3 = new BounceProfile(2, Duration.ofSeconds(259_200), Duration.ofSeconds(60),
                Duration.ofSeconds(60), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(q3))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            f.advance(Duration.ofSeconds(60));
            f.awaitAttempts(mid, 0, 2);
            f.advance(Duration.ofSeconds(60));
            f.awaitFinished(mid);

            List<String> delayed = f.logContaining("Delayed: DCID");
            assertThat(stamps(delayed)).containsExactly(at(0), at(60), at(120));
            assertThat(f.logContaining(" pending till ")).containsExactly(
                    at(0) + " Info: MID " + mid + " to RID [0] pending till " + at(60),
                    at(60) + " Info: MID " + mid + " to RID [0] pending till " + at(120));
            String bounce = at(120) + " Info: Bounced: DCID 0 MID " + mid + " From: <" + SENDER + "> To: <" + RCPT
                    + "> RID 0" + EXPIRED_TAIL;
            List<String> log = f.log();
            assertThat(log).contains(bounce);
            assertThat(log.indexOf(bounce)).isGreaterThan(log.indexOf(delayed.get(2)));
            assertThat(log).contains(at(120) + " Info: Message finished MID " + mid + " done");
        }
    }

    @Test
    void q4MaxTimeInQueueBouncesBeforeTheAttemptAtOneTwentyWithoutIt() {
        BounceProfile q4 = new BounceProfile(100, Duration.ofSeconds(100), Duration.ofSeconds(60),
                Duration.ofSeconds(60), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(q4))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            f.advance(Duration.ofSeconds(60));
            f.awaitAttempts(mid, 0, 2);
            int rcptCommandsBefore = rcptsFor(f, RCPT);
            f.advance(Duration.ofSeconds(60));
            f.awaitFinished(mid);

            assertThat(stamps(f.logContaining("Delayed: DCID"))).containsExactly(at(0), at(60));
            assertThat(rcptsFor(f, RCPT)).as("no attempt at t=120").isEqualTo(rcptCommandsBefore);
            assertThat(f.log()).contains(at(120) + " Info: Bounced: DCID 0 MID " + mid + " From: <" + SENDER
                    + "> To: <" + RCPT + "> RID 0" + EXPIRED_TAIL);
            assertThat(f.held(mid)).isEmpty();
        }
    }

    @Test
    void q5ExpiredMessageBouncesWithDcidZeroAndADsnToTheSender() {
        BounceProfile shortLived = new BounceProfile(100, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(3600), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(shortLived))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            f.advance(Duration.ofSeconds(60));
            f.awaitFinished(mid);

            assertThat(f.log()).contains(at(60) + " Info: Bounced: DCID 0 MID " + mid + " From: <" + SENDER
                    + "> To: <" + RCPT + "> RID 0" + EXPIRED_TAIL);
            long dsnMid = mid + 1;
            assertThat(f.log()).containsSubsequence(
                    at(60) + " Info: MID " + dsnMid + " was generated for bounce of MID " + mid,
                    at(60) + " Info: Message finished MID " + mid + " done",
                    at(60) + " Info: MID " + dsnMid + " queued for delivery");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.host.messages().stream()
                    .anyMatch(m -> m.mailFrom().isEmpty() && m.recipients().equals(List.of(SENDER))));
            String dsn = f.host.messages().stream().filter(m -> m.mailFrom().isEmpty()).findFirst().orElseThrow()
                    .contentAsString();
            assertThat(dsn).contains("Final-Recipient: rfc822; " + RCPT, "Action: failed", "Status: 5.4.7");
        }
    }

    @Test
    void q7HeldMessageIsDeliveredAtItsNextRetryOnceTheHostIsBack() {
        try (QueueFixture f = QueueFixture.start(dir, b -> b)) {
            f.host.on(Stage.GREETING).onConnection(1).replyAndClose(421, "4.3.2 Service not available");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitAttempts(mid, 0, 1);
            assertThat(f.host.messages()).isEmpty();
            assertThat(f.log()).contains(at(0) + " Info: MID " + mid + " to RID [0] pending till " + at(60));

            f.advance(Duration.ofSeconds(60));
            f.awaitFinished(mid);
            assertThat(f.host.messages()).singleElement()
                    .satisfies(m -> assertThat(m.recipients()).containsExactly(RCPT));
            assertThat(f.log()).contains(at(60) + " Info: Message finished MID " + mid + " done");
        }
    }

    @Test
    void eachRouteRetriesByTheProfileItNames() {
        BounceProfile fast = new BounceProfile(100, Duration.ofSeconds(259_200), Duration.ofSeconds(10),
                Duration.ofSeconds(3600), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfiles(
                BounceProfiles.of(BounceProfile.defaults()).define("fast", fast).use("fast.test", "fast")))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com|dan@fast\\.test").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.extraRoutes = "fast.test 127.0.0.1:" + f.host.address().getPort() + "\n";
            f.run();
            long mid = f.submit(SENDER, List.of(RCPT, "dan@fast.test"), "Subject: two routes\r\n\r\nx\r\n");
            f.awaitAttempts(mid, 1, 1);
            f.awaitAttempts(mid, 0, 1);
            assertThat(f.logContaining(" pending till ")).containsExactlyInAnyOrder(
                    at(0) + " Info: MID " + mid + " to RID [1] pending till " + at(10),
                    at(0) + " Info: MID " + mid + " to RID [0] pending till " + at(60));

            f.advance(Duration.ofSeconds(10));
            f.awaitAttempts(mid, 1, 2);
            assertThat(f.held(mid).orElseThrow().state().recipient(0).attempts()).as("RID 0 waits").isEqualTo(1);
            assertThat(f.log()).contains(at(10) + " Info: MID " + mid + " to RID [1] pending till " + at(30));
        }
    }

    @Test
    void maxRetriesZeroBouncesAfterTheFirstAttempt() {
        BounceProfile none = new BounceProfile(0, Duration.ofSeconds(259_200), Duration.ofSeconds(60),
                Duration.ofSeconds(3600), false);
        try (QueueFixture f = QueueFixture.start(dir, b -> b.bounceProfile(none))) {
            f.host.on(Stage.RCPT).matching("bob@example\\.com").reply(451, "4.3.0 Try again later");
            f.host.start();
            f.run();
            long mid = f.submit();
            f.awaitFinished(mid);
            assertThat(f.logContaining(" pending till ")).isEmpty();
            assertThat(f.logContaining("Bounced: DCID 0 MID " + mid)).hasSize(1);
        }
    }

    private static int rcptsFor(QueueFixture f, String rcpt) {
        return (int) f.host.transcripts().stream().flatMap(t -> t.lines().stream())
                .filter(l -> l.text().toUpperCase().contains("RCPT TO:<" + rcpt.toUpperCase() + ">")).count();
    }
}
