package dev.esakit.fake.script;

import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.WireClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML front door: the shipped examples behave as their comments say; bad scripts name file and line. */
class SmtpScriptTest {

    /** Examples name fixed ports for people; tests bind port 0 so they can run side by side. */
    private static FakeSmtpServer startExample(String name) {
        SmtpScript script = SmtpScript.load(Path.of("examples", name));
        assertThat(script.listen()).isPresent();
        return script.applyTo(FakeSmtpServer.bind("127.0.0.1", 0)).start();
    }

    @Test
    void seedHostAGreetsWithTheMultiLine452Banner() throws Exception {
        try (FakeSmtpServer host = startExample("seed-host-a.yaml");
             WireClient c = WireClient.connect(host.address())) {
            assertThat(new String(c.readRawReply(), StandardCharsets.US_ASCII))
                    .isEqualTo("452-example.com ESMTP\r\n452 4.3.1 Mail system full\r\n");
        }
    }

    @Test
    void acceptAllKeepsTheMessage() throws Exception {
        try (FakeSmtpServer host = startExample("accept-all.yaml");
             WireClient c = WireClient.connect(host.address())) {
            assertThat(c.readReply().last()).isEqualTo("220 host-b.example.com ESMTP fake-smtp");
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@x>");
            c.command("RCPT TO:<b@y>");
            c.command("DATA");
            c.sendRaw("hi\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply().code()).isEqualTo(250);
            assertThat(host.messages()).singleElement().satisfies(m -> assertThat(m.contentAsString()).isEqualTo("hi\r\n"));
        }
    }

    @Test
    void failTwiceThenAccept() throws Exception {
        try (FakeSmtpServer host = startExample("fail-twice-then-accept.yaml")) {
            for (String expected : new String[] {"451 4.3.0 Try again later", "451 4.3.0 Try again later", "250 2.1.0 Ok"}) {
                try (WireClient c = WireClient.connect(host.address())) {
                    c.readReply();
                    c.command("EHLO client.test");
                    assertThat(c.command("MAIL FROM:<a@x>").last()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void tcpFaultsExampleStartsWithAReset() throws Exception {
        try (FakeSmtpServer host = startExample("tcp-faults.yaml")) {
            assertThatThrownBy(() -> {
                try (WireClient c = WireClient.connect(host.address())) {
                    c.readLine();
                }
            }).isInstanceOf(java.net.SocketException.class);
        }
    }

    @Test
    void tlsAndAuthExampleOffersBoth() throws Exception {
        try (FakeSmtpServer host = startExample("tls-and-auth.yaml");
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("EHLO client.test").lines()).contains("250-STARTTLS", "250-AUTH PLAIN LOGIN");
            String good = java.util.Base64.getEncoder().encodeToString("\0relay\0s3cret".getBytes(StandardCharsets.UTF_8));
            assertThat(c.command("AUTH PLAIN " + good).code()).isEqualTo(235);
        }
    }

    @Test
    void everyRuleFormMapsOntoTheServer() throws Exception {
        SmtpScript script = SmtpScript.parse("""
                rules:
                  - on: ehlo
                    delay: 150ms
                    reply: default
                  - on: mail
                    times: 1
                    reply: 452
                    text: [first line, 4.3.1 second line]
                  - on: rcpt
                    occurrence: 2
                    reply: 550 5.1.1 No such user
                  - on: noop
                    then: half-close
                """, "inline.yaml");
        assertThat(script.rules()).hasSize(4);
        assertThat(script.rules().get(1).line()).isEqualTo(5);
        try (FakeSmtpServer host = script.applyTo(FakeSmtpServer.bind("127.0.0.1", 0)).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            long start = System.nanoTime();
            assertThat(c.command("EHLO client.test").code()).isEqualTo(250);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 5_000L);
            assertThat(c.command("MAIL FROM:<a@x>").lines()).containsExactly("452-first line", "452 4.3.1 second line");
            assertThat(c.command("MAIL FROM:<a@x>").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<1@y>").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<2@y>").code()).isEqualTo(550);
            c.send("NOOP");
            assertThat(c.readLine()).isNull();
            assertThat(host.transcripts().get(0).texts(Direction.CLIENT)).contains("NOOP");
        }
    }

    @Test
    void theReadmeExampleScriptIsValid() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## YAML scripts");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        SmtpScript script = SmtpScript.parse(yaml, "README.md");
        assertThat(script.rules()).hasSize(6);
        assertThat(script.listen()).contains(new ListenAddress("127.0.0.1", 2525));
    }

    // --- bad scripts ----------------------------------------------------------------------------

    private static ScriptException errorOf(String yaml) {
        try {
            SmtpScript.parse(yaml, "bad.yaml");
        } catch (ScriptException e) {
            return e;
        }
        throw new AssertionError("expected a ScriptException for:\n" + yaml);
    }

    @Test
    void unknownStageNamesFileLineAndStages() {
        ScriptException e = errorOf("""
                rules:
                  - on: mail
                    reply: 451 4.3.0 later
                  - on: mial
                    reply: 250 ok
                """);
        assertThat(e.getMessage()).startsWith("bad.yaml:4:");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.problem()).contains("unknown stage 'mial'").contains("mail").contains("data-end");
    }

    @Test
    void yamlSyntaxErrorHasALine() {
        ScriptException e = errorOf("rules:\n  - on: mail\n    reply: [451\n  - on: rcpt\n");
        assertThat(e.problem()).startsWith("YAML syntax error");
        assertThat(e.line()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void unknownKeyIsNamed() {
        ScriptException e = errorOf("hostname: x\nrules:\n  - on: mail\n    repyl: 451 later\n");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.problem()).contains("unknown key 'repyl'");
    }

    @Test
    void badValuesAreExplained() {
        assertThat(errorOf("rules:\n  - on: mail\n    delay: 5\n    reply: default\n").problem()).contains("delay needs a number and a unit");
        assertThat(errorOf("rules:\n  - on: mail\n    times: two\n    reply: 451 x\n").problem()).contains("times must be a whole number");
        assertThat(errorOf("rules:\n  - on: mail\n    reply: 999 x\n").problem()).contains("reply code must be 200..599");
        assertThat(errorOf("rules:\n  - on: mail\n").problem()).contains("does nothing");
        assertThat(errorOf("rules:\n  - reply: 250\n").problem()).contains("no 'on:'");
        assertThat(errorOf("rules:\n  - on: rcpt\n    close-mid-data: 10\n").problem()).contains("applies to 'on: data' only");
        assertThat(errorOf("rules:\n  - on: mail\n    then: explode\n").problem()).contains("then must be one of");
        assertThat(errorOf("rules:\n  - on: rcpt\n    matching: '(['\n    reply: 550 x\n").problem()).contains("not a valid regular expression");
        assertThat(errorOf("listen: nowhere\n").problem()).contains("HOST:PORT");
        assertThat(errorOf("extensions: [PIPELINING, TURBO]\n").problem()).contains("unknown extension 'TURBO'");
        assertThat(errorOf("hostname: a\nhostname: b\n").problem()).contains("given twice");
        assertThat(errorOf("- just a list\n").problem()).contains("a script is a mapping");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> SmtpScript.load(Path.of("no-such-dir", "nope.yaml")))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("cannot read");
    }

    @Test
    void fileErrorsCarryThePathAsGiven() throws Exception {
        Path file = Files.createTempFile("broken", ".yaml");
        try {
            Files.writeString(file, "rules:\n  - on: greeting\n    reply: 452\n    text: ok\n  - on: bogus\n    then: close\n");
            assertThatThrownBy(() -> SmtpScript.load(file))
                    .isInstanceOf(ScriptException.class)
                    .hasMessageStartingWith(file + ":5:");
        } finally {
            Files.delete(file);
        }
    }
}
