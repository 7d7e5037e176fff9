package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.harness.mail.MailSubmitter;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;

/** Steps that submit mail to the target, and what the target answered. */
public class MessageSteps {
    private final ScenarioWorld world;

    public MessageSteps(ScenarioWorld world) {
        this.world = world;
    }

    @When("a message from {string} to {string} is submitted")
    public void submit(String sender, String recipients) {
        submitSized(0, sender, recipients);
    }

    @When("a message of {int} bytes from {string} to {string} is submitted")
    public void submitSized(int size, String sender, String recipients) {
        MailSubmitter.Submission result = offer(size, sender, recipients);
        assertThat(result.accepted()).as("the relay accepted the message (replies %s, final '%s')",
                result.rcptReplies(), result.finalReply()).isTrue();
    }

    @When("{int} messages from {string} to {string} are submitted")
    public void submitMany(int count, String sender, String recipients) {
        for (int i = 0; i < count; i++) {
            submit(sender, recipients);
        }
    }

    /**
     * Each message goes in only once the one before reached a scenario host, so deliveries never overlap: an
     * open connection can carry the next one (CONN-1), and rotation (SEL-2) is not blurred by races.
     */
    @When("{int} messages from {string} to {string} are submitted one at a time")
    public void submitInTurn(int count, String sender, String recipients) {
        for (int i = 0; i < count; i++) {
            int before = world.messagesReceived();
            submit(sender, recipients);
            org.awaitility.Awaitility.await().atMost(HostSteps.WAIT).until(() -> world.messagesReceived() > before);
        }
    }

    /** Like "is submitted", without asserting that the relay accepts it. */
    @When("a message from {string} to {string} is offered")
    public void offered(String sender, String recipients) {
        offer(0, sender, recipients);
    }

    /** {@code count} recipients user0@domain, user1@domain, ... in one message. */
    @When("a message from {string} to {int} recipients at {string} is offered")
    public void offeredToMany(String sender, int count, String domain) {
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rcpts.add("user" + i + "@" + domain);
        }
        offer(0, sender, String.join(",", rcpts));
    }

    private MailSubmitter.Submission offer(int size, String sender, String recipients) {
        TestMessage message = TestMessage.of(sender, HostSteps.split(recipients), "Conformance check", size);
        MailSubmitter.Submission result = MailSubmitter.submit(world.target().submissionAddress(), message);
        world.submitted(message, result);
        return result;
    }

    @Then("the relay accepted the message")
    public void accepted() {
        MailSubmitter.Submission s = world.lastSubmission();
        assertThat(s.accepted()).as("the relay accepted the message (replies %s, final '%s')", s.rcptReplies(),
                s.finalReply()).isTrue();
    }

    @Then("the relay accepted {int} recipient(s)")
    public void acceptedRecipients(int count) {
        List<String> replies = world.lastSubmission().rcptReplies();
        assertThat(replies.stream().filter(r -> r.startsWith("250")).count())
                .as("recipients the relay accepted; its RCPT replies: %s", replies).isEqualTo(count);
    }

    @Then("the relay rejected the recipient {string} with {int}")
    public void rejectedRecipient(String rcpt, int code) {
        TestMessage m = world.lastSubmitted();
        int i = m.recipients().indexOf(rcpt);
        assertThat(i).as("%s is a recipient of the last message", rcpt).isGreaterThanOrEqualTo(0);
        String reply = world.lastSubmission().rcptReplies().get(i);
        assertThat(reply).as("the relay's reply to RCPT TO:<%s>", rcpt).startsWith(String.valueOf(code));
    }

    @Then("the relay answered RCPT TO number {int} with {int}")
    public void answeredRcptNumber(int number, int code) {
        List<String> replies = world.lastSubmission().rcptReplies();
        assertThat(replies).as("RCPT replies").hasSizeGreaterThanOrEqualTo(number);
        assertThat(replies.get(number - 1)).as("the reply to RCPT TO number %d", number)
                .startsWith(String.valueOf(code));
    }
}
