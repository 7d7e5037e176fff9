package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.fake.smtp.Stage;
import dev.esakit.harness.world.ReplyText;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.List;

/** Steps about the fake destination hosts: how they behave, and what they saw. */
public class HostSteps {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ScenarioWorld world;

    public HostSteps(ScenarioWorld world) {
        this.world = world;
    }

    @Given("host {string} accepts all mail")
    public void acceptsAll(String host) {
        world.host(host);
    }

    @Given("host {string} greets with:")
    public void greetsWith(String host, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(Stage.GREETING).reply(r.code(), r.linesArray());
    }

    @Given("host {string} answers {stage} with:")
    public void answersWith(String host, Stage stage, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(stage).reply(r.code(), r.linesArray());
    }

    @Then("host {string} receives the message unchanged")
    public void receivesUnchanged(String host) {
        byte[] sent = world.lastSubmitted().content();
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages())
                .as("messages received by host %s", host)
                .anySatisfy(m -> assertThat(withoutTrace(m.content()))
                        .as("content received by %s, byte for byte after the trace fields a relay prepends", host)
                        .isEqualTo(new String(sent, java.nio.charset.StandardCharsets.UTF_8))));
        List<ReceivedMessage> got = h.messages();
        assertThat(got.stream().filter(m -> withoutTrace(m.content()).equals(
                        new String(sent, java.nio.charset.StandardCharsets.UTF_8))).findFirst().orElseThrow()
                .recipients()).containsExactlyInAnyOrderElementsOf(world.lastSubmitted().recipients());
    }

    /**
     * The content without the Received: fields at its top: RFC 5321 4.4 has every relay prepend one, so they
     * are not a change to the message (the reference engine adds none; Postfix does).
     */
    static String withoutTrace(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        while (text.regionMatches(true, 0, "Received:", 0, 9)) {
            int end = text.indexOf("\r\n");
            while (end >= 0 && end + 2 < text.length() && (text.charAt(end + 2) == ' ' || text.charAt(end + 2) == '\t')) {
                end = text.indexOf("\r\n", end + 2);
            }
            if (end < 0) {
                break;
            }
            text = text.substring(end + 2);
        }
        return text;
    }

    @Then("host {string} saw no {stage}")
    public void sawNo(String host, Stage stage) {
        assertThat(world.host(host).sawCommand(stage))
                .as("host %s saw a %s command", host, stage)
                .isFalse();
    }

    @Then("host {string} received {int} message(s)")
    public void receivedCount(String host, int count) {
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages()).as("messages at %s", host).hasSize(count));
    }
}
