package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.harness.mail.MailSubmitter;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.When;
import java.util.Arrays;

/** Steps that submit mail to the target. */
public class MessageSteps {
    private final ScenarioWorld world;

    public MessageSteps(ScenarioWorld world) {
        this.world = world;
    }

    @When("a message from {string} to {string} is submitted")
    public void submit(String sender, String recipients) {
        TestMessage message = TestMessage.of(sender, Arrays.stream(recipients.split(",")).map(String::strip).toList(),
                "Conformance check", 0);
        MailSubmitter.Submission result = MailSubmitter.submit(world.target().submissionAddress(), message);
        assertThat(result.accepted()).as("the relay accepted the message (replies %s, final '%s')",
                result.rcptReplies(), result.finalReply()).isTrue();
        world.submitted(message);
    }
}
