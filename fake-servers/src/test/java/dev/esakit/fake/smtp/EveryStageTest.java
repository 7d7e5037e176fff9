package dev.esakit.fake.smtp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scripted reply reaches the client at every command stage, and replyAndReset aborts after it. */
class EveryStageTest {

    /** Brings a session to the point where {@code stage}'s command is valid, then sends it. */
    private static WireClient.Reply drive(WireClient c, Stage stage, String command) throws Exception {
        c.readReply();
        if (stage != Stage.EHLO && stage != Stage.HELO) c.command("EHLO client.test");
        if (stage == Stage.RCPT || stage == Stage.DATA || stage == Stage.DATA_END) c.command("MAIL FROM:<a@x>");
        if (stage == Stage.DATA || stage == Stage.DATA_END) c.command("RCPT TO:<b@y>");
        if (stage == Stage.DATA_END) {
            c.command("DATA");
            c.sendRaw("body\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            return c.readReply();
        }
        return c.command(command);
    }

    @ParameterizedTest
    @CsvSource({
            "EHLO, EHLO client.test", "HELO, HELO client.test", "STARTTLS, STARTTLS", "AUTH, AUTH PLAIN AGEAYg==",
            "MAIL, MAIL FROM:<a@x>", "RCPT, RCPT TO:<b@y>", "DATA, DATA", "DATA_END, -", "RSET, RSET",
            "NOOP, NOOP", "QUIT, QUIT", "UNKNOWN, VRFY someone"})
    void scriptedMultiLineReplyAtEveryStage(Stage stage, String command) throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            host.on(stage).reply(454, "4.7.0 scripted for " + stage, "4.7.0 second line");
            WireClient.Reply r = drive(c, stage, command);
            assertThat(r.lines()).containsExactly("454-4.7.0 scripted for " + stage, "454 4.7.0 second line");
            assertThat(host.sawCommand(stage)).isTrue();
            if (stage == Stage.QUIT) assertThat(c.atEndOfStream()).isTrue(); // QUIT still closes
        }
    }

    @ParameterizedTest
    @CsvSource({"MAIL, MAIL FROM:<a@x>", "DATA_END, -"})
    void replyAndResetSendsTheReplyThenRst(Stage stage, String command) throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            host.on(stage).replyAndReset(451, "4.3.0 bye");
            assertThat(drive(c, stage, command).last()).isEqualTo("451 4.3.0 bye");
            assertThatThrownBy(() -> {
                c.send("NOOP");
                c.readLine();
            }).isInstanceOf(SocketException.class);
        }
    }
}
