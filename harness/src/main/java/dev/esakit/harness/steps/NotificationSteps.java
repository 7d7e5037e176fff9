package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Then;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Steps about delivery status notifications: the relay sends them to the envelope sender, so a
 * scenario routes the sender's domain to a host of its own and looks at what that host received.
 */
public class NotificationSteps {
    private final ScenarioWorld world;
    private final AtomicReference<ReceivedMessage> last = new AtomicReference<>();

    public NotificationSteps(ScenarioWorld world) {
        this.world = world;
    }

    /** An RFC 3464 report from the null sender to the last message's sender, with Action: failed for the rcpt. */
    @Then("host {string} receives a delivery status notification for {string}")
    public void receivesDsn(String host, String rcpt) {
        receivesReport(host, rcpt, "failed");
    }

    /** the same report with Action: delayed. */
    @Then("host {string} receives a delay warning for {string}")
    public void receivesDelayWarning(String host, String rcpt) {
        receivesReport(host, rcpt, "delayed");
    }

    private void receivesReport(String host, String rcpt, String action) {
        TestMessage original = world.lastSubmitted();
        FakeSmtpServer h = world.host(host);
        await().atMost(HostSteps.WAIT).untilAsserted(() -> {
            List<ReceivedMessage> reports = reports(h, action);
            assertThat(reports).as("RFC 3464 reports with Action: %s at host %s (all it received: %s)", action, host,
                    h.messages()).anySatisfy(m -> {
                        assertThat(m.mailFrom()).as("a notification's envelope sender").isEmpty();
                        assertThat(m.recipients()).as("a notification goes to the envelope sender")
                                .containsExactly(original.sender());
                        assertThat(m.contentAsString().toLowerCase(Locale.ROOT))
                                .as("the notification names the failed recipient")
                                .containsPattern("final-recipient: *rfc822; *" + java.util.regex.Pattern.quote(
                                        rcpt.toLowerCase(Locale.ROOT)));
                    });
        });
        last.set(reports(h, action).stream().filter(m -> m.contentAsString().toLowerCase(Locale.ROOT)
                .contains(rcpt.toLowerCase(Locale.ROOT))).findFirst().orElseThrow());
    }

    private static List<ReceivedMessage> reports(FakeSmtpServer h, String action) {
        return h.messages().stream().filter(m -> {
            String text = m.contentAsString().toLowerCase(Locale.ROOT);
            return text.contains("multipart/report") && text.contains("report-type=delivery-status")
                    && text.matches("(?s).*\\baction: *" + action + "\\b.*");
        }).toList();
    }

    @Then("host {string} received {int} delivery status notification(s)")
    public void dsnCount(String host, int count) {
        FakeSmtpServer h = world.host(host);
        await().atMost(HostSteps.WAIT).untilAsserted(() -> assertThat(reports(h, "failed"))
                .as("delivery status notifications at %s", host).hasSize(count));
    }

    /** under 10 KiB the whole original travels with the report. */
    @Then("the notification holds the original message")
    public void holdsOriginal() {
        String dsn = notification().contentAsString();
        String original = new String(world.lastSubmitted().content(), java.nio.charset.StandardCharsets.UTF_8);
        String body = original.substring(original.indexOf("\r\n\r\n") + 4);
        assertThat(dsn).as("the notification").contains(world.lastSubmitted().messageId())
                .contains(body.strip().lines().findFirst().orElseThrow());
    }

    /** from 10 KiB on only the original's headers travel with the report. */
    @Then("the notification holds only the original's headers")
    public void holdsHeaders() {
        String dsn = notification().contentAsString();
        assertThat(dsn).as("the notification").contains(world.lastSubmitted().messageId())
                .doesNotContain("the quick brown fox jumps over the lazy dog");
    }

    private ReceivedMessage notification() {
        ReceivedMessage m = last.get();
        if (m == null) {
            throw new IllegalStateException("no notification was found by an earlier step");
        }
        return m;
    }
}
