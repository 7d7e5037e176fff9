package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SEL-1..SEL-4 and SEL-6 over loopback, with the schedule on a virtual clock. */
class HostChoiceTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer b = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer c = FakeSmtpServer.bind("127.0.0.1", 0).start();

    @AfterEach
    void stop() {
        rig.close();
        a.close();
        b.close();
        c.close();
    }

    private static String dest(FakeSmtpServer s, int pri) {
        return "127.0.0.1:" + s.address().getPort() + "/pri=" + pri;
    }

    @Test
    void sel2EqualPrioritiesRotatePerNewConnection() {
        String routes = "example.com " + dest(a, 5) + ", " + dest(b, 5) + ", " + dest(c, 5);
        for (int i = 0; i < 6; i++) {
            rig.deliver(routes, rig.message("bob@example.com"));
            rig.clock.advance(rig.settings.idleTimeout()); // the connection closes idle: the next message needs a new one
        }
        assertThat(a.messages()).hasSize(2);
        assertThat(b.messages()).hasSize(2);
        assertThat(c.messages()).hasSize(2);
        // New connections go A, B, C, A, B, C: each starts at the next host of the tier.
        assertThat(rig.lines.stream().filter(l -> l.startsWith("New SMTP DCID"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                .containsExactly(port(a), port(b), port(c), port(a), port(b), port(c));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void sel2RotationIsPerConnectionNotPerMessage() {
        String routes = "example.com " + dest(a, 0) + ", " + dest(b, 0);
        for (int i = 0; i < 4; i++) {
            rig.deliver(routes, rig.message("bob@example.com"));
        }
        // One open connection carries every message (CONN-1): no rotation without a new connection.
        assertThat(a.messages()).hasSize(4);
        assertThat(b.connectionCount()).isZero();
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void sel1BackupsOnlyWhenEveryLowerHostFailedAndSel3InTheSameAttempt() {
        a.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
        b.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
        String routes = "example.com " + dest(c, 20) + ", " + dest(a, 0) + ", " + dest(b, 0);
        assertThat(rig.deliver(routes, rig.message("bob@example.com")).get(0))
                .isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(a.connectionCount()).isEqualTo(1);
        assertThat(b.connectionCount()).isEqualTo(1);
        assertThat(c.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void sel4EveryHostFailedLeavesTheRecipientDelayedWithoutMx() {
        a.on(Stage.MAIL).reply(451, "4.3.0 Later");
        b.on(Stage.MAIL).reply(451, "4.3.0 Later");
        RecipientOutcome o = rig.deliver("example.com " + dest(a, 0) + ", " + dest(b, 10),
                rig.message("bob@example.com")).get(0);
        assertThat(o).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(((RecipientOutcome.Delayed) o).status().basicCode()).isEqualTo("451");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void sel6AFailedHostIsSkippedForTheInitialWaitThenPreferredAgain() {
        rig.settings = rig.settings.withIdleTimeout(Duration.ofHours(1)); // the backup's connection stays open
        a.on(Stage.GREETING).times(1).reply(421, "4.3.2 Busy");
        String routes = "example.com " + dest(a, 0) + ", " + dest(b, 10);
        rig.deliver(routes, rig.message("bob@example.com"));
        assertThat(b.messages()).hasSize(1);

        rig.deliver(routes, rig.message("bob@example.com"));
        assertThat(a.connectionCount()).as("down: skipped").isEqualTo(1);
        assertThat(b.messages()).hasSize(2);
        assertThat(b.connectionCount()).as("the open connection to the backup carried it").isEqualTo(1);

        rig.clock.advance(Duration.ofSeconds(59));
        rig.deliver(routes, rig.message("bob@example.com"));
        assertThat(a.connectionCount()).as("still down at 59 s").isEqualTo(1);

        rig.clock.advance(Duration.ofSeconds(1));
        rig.deliver(routes, rig.message("bob@example.com"));
        assertThat(a.messages()).as("up again after 60 s: the primary takes the message, not the open backup")
                .hasSize(1);
        assertThat(b.messages()).hasSize(3);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void sel6ARecipientVerdictDoesNotMarkTheHostDown() {
        a.on(Stage.RCPT).times(1).reply(452, "4.3.1 Mail system full");
        String routes = "example.com " + dest(a, 0) + ", " + dest(b, 10);
        rig.deliver(routes, rig.message("bob@example.com"));
        rig.deliver(routes, rig.message("bob@example.com"));
        assertThat(a.messages()).hasSize(1);
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    private static String port(FakeSmtpServer s) {
        return String.valueOf(s.address().getPort());
    }
}
