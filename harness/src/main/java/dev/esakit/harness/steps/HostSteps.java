package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.fake.smtp.Stage;
import dev.esakit.fake.smtp.Transcript;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.world.ReplyText;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Steps about the fake destination hosts: how they behave, and what they saw. */
public class HostSteps {
    static final Duration WAIT = Duration.ofSeconds(20);
    private final ScenarioWorld world;

    public HostSteps(ScenarioWorld world) {
        this.world = world;
    }

    // ---- behaviour ----

    @Given("host {string} accepts all mail")
    public void acceptsAll(String host) {
        world.host(host);
    }

    @Given("host {string} greets with:")
    public void greetsWith(String host, String reply) {
        answersWith(host, Stage.GREETING, reply);
    }

    @Given("host {string} greets with {string}")
    public void greetsWithLine(String host, String reply) {
        answersWith(host, Stage.GREETING, reply);
    }

    @Given("host {string} greets {int} time(s) with {string}")
    public void greetsTimes(String host, int times, String reply) {
        answersTimes(host, Stage.GREETING, times, reply);
    }

    @Given("host {string} answers {stage} with:")
    public void answersWith(String host, Stage stage, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(stage).reply(r.code(), r.linesArray());
    }

    @Given("host {string} answers {stage} with {string}")
    public void answersWithLine(String host, Stage stage, String reply) {
        answersWith(host, stage, reply);
    }

    @Given("host {string} answers {stage} {int} time(s) with {string}")
    public void answersTimes(String host, Stage stage, int times, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(stage).times(times).reply(r.code(), r.linesArray());
    }

    @Given("host {string} answers {stage} {int} time(s) with:")
    public void answersTimesDoc(String host, Stage stage, int times, String reply) {
        answersTimes(host, stage, times, reply);
    }

    /** MAIL FROM and RCPT TO: only for this address (the argument without angle brackets). */
    @Given("host {string} answers {stage} for {string} with {string}")
    public void answersFor(String host, Stage stage, String address, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(stage).matching(Pattern.quote(address)).reply(r.code(), r.linesArray());
    }

    @Given("host {string} answers {stage} with {string} and closes the connection")
    public void answersAndCloses(String host, Stage stage, String reply) {
        ReplyText r = ReplyText.parse(reply);
        world.host(host).on(stage).replyAndClose(r.code(), r.linesArray());
    }

    @Given("host {string} closes the connection at {stage}")
    public void closesAt(String host, Stage stage) {
        world.host(host).on(stage).closeWithoutReply();
    }

    @Given("host {string} resets the connection at {stage}")
    public void resetsAt(String host, Stage stage) {
        world.host(host).on(stage).reset();
    }

    @Given("host {string} never replies to {stage}")
    public void neverReplies(String host, Stage stage) {
        world.host(host).on(stage).hang();
    }

    @Given("host {string} accepts but never greets")
    public void acceptsButNeverGreets(String host) {
        neverGreets(host);
    }

    @Given("host {string} accepts connections but never greets")
    public void neverGreets(String host) {
        world.host(host).on(Stage.CONNECT).hang();
    }

    @Given("host {string} resets connections as it accepts them")
    public void resetsOnAccept(String host) {
        world.host(host).on(Stage.CONNECT).reset();
    }

    @Given("host {string} refuses connections")
    public void refuses(String host) {
        world.refuseConnections(host);
    }

    @When("host {string} comes back")
    public void comesBack(String host) {
        world.comeBack(host);
    }

    @Given("host {string} closes the connection after each message")
    public void closesAfterEachMessage(String host) {
        world.host(host).on(Stage.DATA_END).replyAndClose(250, "2.0.0 Ok: queued");
    }

    @Given("host {string} closes the connection after {int} bytes of message content")
    public void closesMidData(String host, int bytes) {
        world.host(host).on(Stage.DATA).closeMidData(bytes);
    }

    @Given("host {string} listens on the IPv6 loopback")
    public void listensOnIpv6(String host) {
        world.bindHostTo(host, "::1");
    }

    @Given("host {string} listens on the port of host {string}")
    public void listensOnPortOf(String host, String other) {
        world.bindHostToPortOf(host, other);
    }

    @Given("host {string} answers {stage} after {duration}")
    public void answersSlowly(String host, Stage stage, Duration delay) {
        world.host(host).on(stage).delay(delay).replyDefault();
    }

    @Given("host {string} offers {extension}")
    public void offers(String host, Extension extension) {
        world.host(host).offer(extension);
    }

    @Given("host {string} does not offer {extension}")
    public void withholds(String host, Extension extension) {
        world.host(host).withhold(extension);
    }

    @Given("host {string} accepts the login {string} with password {string}")
    public void credentials(String host, String user, String password) {
        world.host(host).credentials(user, password);
    }

    // ---- what the hosts saw ----

    @Then("host {string} receives the message unchanged")
    public void receivesUnchanged(String host) {
        TestMessage sent = world.lastSubmitted();
        receivesUnchangedFor(host, String.join(", ", sent.recipients()));
    }

    /** Byte-identical content, the sender, and exactly these envelope recipients on one delivery. */
    @Then("host {string} receives the message unchanged for {string}")
    public void receivesUnchangedFor(String host, String recipients) {
        TestMessage sent = world.lastSubmitted();
        List<String> rcpts = split(recipients);
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages())
                .as("messages received by host %s", host)
                .anySatisfy(m -> {
                    byte[] content = withoutTrace(m.content());
                    assertThat(new String(content, java.nio.charset.StandardCharsets.UTF_8))
                            .as("content received by %s, byte for byte after the Received: fields a relay prepends", host)
                            .isEqualTo(new String(sent.content(), java.nio.charset.StandardCharsets.UTF_8));
                    assertThat(Arrays.equals(content, sent.content())).as("byte-identical").isTrue();
                    assertThat(m.mailFrom()).as("MAIL FROM at %s", host).isEqualTo(sent.sender());
                    assertThat(m.recipients()).as("RCPT TO at %s", host).containsExactlyInAnyOrderElementsOf(rcpts);
                }));
    }

    /**
     * The content without the Received: fields at its top: RFC 5321 4.4 has every relay prepend one, so they are
     * not a change to the message (the reference engine adds none; Postfix does).
     */
    static byte[] withoutTrace(byte[] content) {
        int at = 0;
        while (startsWithIgnoreCase(content, at, "Received:")) {
            int end = at;
            do {
                end = indexOfCrlf(content, end);
                if (end < 0) {
                    return content;
                }
                end += 2;
            } while (end < content.length && (content[end] == ' ' || content[end] == '\t'));
            at = end;
        }
        return at == 0 ? content : Arrays.copyOfRange(content, at, content.length);
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, String prefix) {
        return b.length - at >= prefix.length() && new String(b, at, prefix.length(),
                java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase(prefix);
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Then("host {string} receives a message from {string} to {string}")
    public void receivesEnvelope(String host, String sender, String recipients) {
        List<String> rcpts = split(recipients);
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages())
                .as("messages received by host %s", host)
                .anySatisfy(m -> {
                    assertThat(m.mailFrom()).isEqualTo(sender);
                    assertThat(m.recipients()).containsExactlyInAnyOrderElementsOf(rcpts);
                }));
    }

    @Then("host {string} received {int} message(s)")
    public void receivedCount(String host, int count) {
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages()).as("messages at %s", host).hasSize(count));
    }

    @Then("host {string} received a message for {int} recipients")
    public void receivedForCount(String host, int count) {
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.messages()).as("messages at %s", host)
                .anySatisfy(m -> assertThat(m.recipients()).hasSize(count)));
    }

    @Then("host {string} received no message")
    public void receivedNothing(String host) {
        if (world.knowsHost(host)) {
            try {
                assertThat(world.host(host).messages()).as("messages at %s", host).isEmpty();
            } catch (IllegalStateException refusing) {
                // a host that refuses connections received nothing by construction
            }
        }
    }

    @Then("host {string} received the messages on {int} connection(s)")
    public void messagesOnConnections(String host, int connections) {
        FakeSmtpServer h = world.host(host);
        assertThat(h.messages().stream().map(ReceivedMessage::connection).distinct().count())
                .as("connections that carried the %d messages at %s: %s", h.messages().size(), host, h.messages())
                .isEqualTo(connections);
    }

    /** CONN-2: the most connections that were open at once, from each connection's first to last line. */
    @Then("host {string} never had more than {int} connection(s) open at once")
    public void maxConcurrent(String host, int max) {
        List<Transcript> ts = world.host(host).transcripts();
        List<long[]> spans = ts.stream().filter(t -> !t.lines().isEmpty()).map(t -> new long[] {
                t.lines().get(0).at().toEpochMilli() * 1000 + t.lines().get(0).at().getNano() / 1000 % 1000,
                t.lines().get(t.lines().size() - 1).at().toEpochMilli() * 1000
                        + t.lines().get(t.lines().size() - 1).at().getNano() / 1000 % 1000}).toList();
        int most = 0;
        for (long[] s : spans) {
            int open = 0;
            for (long[] o : spans) {
                if (o[0] <= s[0] && s[0] <= o[1]) {
                    open++;
                }
            }
            most = Math.max(most, open);
        }
        assertThat(most).as("connections open at once at %s (%d connections)", host, spans.size())
                .isLessThanOrEqualTo(max);
    }

    @Then("host {string} saw no {stage}")
    public void sawNo(String host, Stage stage) {
        assertThat(world.host(host).sawCommand(stage))
                .as("host %s saw a %s command", host, stage)
                .isFalse();
    }

    @Then("host {string} saw {stage}")
    public void saw(String host, Stage stage) {
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.sawCommand(stage))
                .as("host %s saw a %s command", host, stage).isTrue());
    }

    @Then("host {string} saw {int} connection(s)")
    public void sawConnections(String host, int count) {
        FakeSmtpServer h = world.host(host);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.connectionCount())
                .as("connections accepted by host %s", host).isEqualTo(count));
    }

    /** A command the relay sent, as a regular expression over the whole line, e.g. "EHLO .*". */
    @Then("host {string} saw a command matching {string}")
    public void sawCommandMatching(String host, String regex) {
        FakeSmtpServer h = world.host(host);
        Pattern p = Pattern.compile(regex);
        await().atMost(WAIT).untilAsserted(() -> assertThat(clientLines(h))
                .as("commands host %s received", host).anyMatch(l -> p.matcher(l).matches()));
    }

    @Then("host {string} saw no command matching {string}")
    public void sawNoCommandMatching(String host, String regex) {
        Pattern p = Pattern.compile(regex);
        assertThat(clientLines(world.host(host))).as("commands host %s received", host)
                .noneMatch(l -> p.matcher(l).matches());
    }

    private static List<String> clientLines(FakeSmtpServer h) {
        return h.transcripts().stream().flatMap(t -> t.texts(Direction.CLIENT).stream()).toList();
    }

    static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String transcriptsOf(FakeSmtpServer h) {
        StringBuilder out = new StringBuilder();
        for (Transcript t : h.transcripts()) {
            out.append(t);
        }
        return out.toString();
    }
}
