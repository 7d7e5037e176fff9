package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.harness.mail.MailSubmitter;
import dev.esakit.harness.mail.SmtpDialogue;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps that talk to the relay's listener by hand, line by line (IN-2, IN-3). */
public class InboundSteps {
    private static final Pattern PAD = Pattern.compile("\\{pad:(\\d+)}");
    private final ScenarioWorld world;

    public InboundSteps(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * One line a command (after DATA, content lines up to "."). {@code {pad:N}} stands for N letters "x", so a
     * scenario can write an over-long line: {@code NOOP {pad:600}}. The two characters backslash and r stand for
     * a bare carriage return.
     */
    @When("a client sends the relay:")
    public void clientSends(String text) {
        List<String> lines = Arrays.stream(text.split("\r?\n")).map(InboundSteps::expand).toList();
        world.dialogue(SmtpDialogue.run(world.target().submissionAddress(), lines));
    }

    private static String expand(String line) {
        Matcher m = PAD.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "x".repeat(Integer.parseInt(m.group(1))));
        }
        // "\\r" stands for a bare carriage return (LOG-3: a peer trying to start a log line of its own).
        return m.appendTail(out).toString().replace("\\r", "\r");
    }

    /** The reply to {@code command}, or to the first command that starts with it ({@code {pad:N}} allowed). */
    @Then("the relay answered {string} with {int}")
    public void answered(String command, int code) {
        String wanted = expand(command);
        // The command as written, else the first that starts with it ("MAIL FROM:<a@b>" for "MAIL FROM:<a@b> SIZE=1").
        SmtpDialogue.Exchange e = world.lastDialogue().stream().filter(x -> x.command().equals(wanted)).findFirst()
                .or(() -> world.lastDialogue().stream().filter(x -> x.command().startsWith(wanted)).findFirst())
                .orElseThrow(() -> new AssertionError("the client sent no command starting with '"
                        + command + "'; the session was: " + world.lastDialogue()));
        assertThat(e.code()).as("the reply to '%s' (the session: %s)", command, world.lastDialogue()).isEqualTo(code);
    }

    @Then("the relay answered the end of data with {int}")
    public void answeredEndOfData(int code) {
        answered("(end of data)", code);
    }

    @Then("the relay still accepts a message from {string} to {string}")
    public void stillAccepts(String sender, String recipients) {
        TestMessage message = TestMessage.of(sender, HostSteps.split(recipients), "Still alive", 0);
        MailSubmitter.Submission result = MailSubmitter.submit(world.target().submissionAddress(), message);
        world.submitted(message, result);
        assertThat(result.accepted()).as("the relay accepted a message afterwards (replies %s, final '%s')",
                result.rcptReplies(), result.finalReply()).isTrue();
    }
}
