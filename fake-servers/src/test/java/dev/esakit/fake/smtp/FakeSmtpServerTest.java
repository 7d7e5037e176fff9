package dev.esakit.fake.smtp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The milestone API: rules per stage, sequences, messages and transcripts, over real loopback sockets. */
class FakeSmtpServerTest {

    @Test
    void healthyHostAcceptsAndKeepsTheMessageByteForByte() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.1.10", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            assertThat(host.address().getAddress().getHostAddress()).isEqualTo("127.0.1.10");
            assertThat(host.address().getPort()).isPositive();
            assertThat(c.readReply().code()).isEqualTo(220);
            WireClient.Reply ehlo = c.command("EHLO client.test");
            assertThat(ehlo.code()).isEqualTo(250);
            assertThat(ehlo.lines()).contains("250-PIPELINING", "250-SIZE 10485760", "250-8BITMIME", "250 ENHANCEDSTATUSCODES");
            assertThat(c.command("MAIL FROM:<alice@example.org> SIZE=100").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<bob@example.com>").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<carol@example.com>").code()).isEqualTo(250);
            assertThat(c.command("DATA").code()).isEqualTo(354);
            // A stuffed dot line, a bare LF and 8-bit bytes must all survive exactly.
            byte[] wire = "Subject: hi\r\n\r\n..leading dot\r\nbare\nlf\r\n\u00e9t\u00e9\r\n.\r\n".getBytes(StandardCharsets.UTF_8);
            c.sendRaw(wire);
            WireClient.Reply end = c.readReply();
            assertThat(end.code()).isEqualTo(250);
            assertThat(c.command("QUIT").code()).isEqualTo(221);
            assertThat(c.atEndOfStream()).isTrue();

            List<ReceivedMessage> messages = host.messages();
            assertThat(messages).hasSize(1);
            ReceivedMessage m = messages.get(0);
            assertThat(m.mailFrom()).isEqualTo("alice@example.org");
            assertThat(m.recipients()).containsExactly("bob@example.com", "carol@example.com");
            assertThat(m.connection()).isEqualTo(1);
            assertThat(m.content()).isEqualTo("Subject: hi\r\n\r\n.leading dot\r\nbare\nlf\r\n\u00e9t\u00e9\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(host.sawCommand(Stage.MAIL)).isTrue();
            assertThat(host.sawCommand(Stage.DATA_END)).isTrue();
            assertThat(host.sawCommand(Stage.STARTTLS)).isFalse();
            assertThat(host.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void transcriptsRecordEveryLineBothWaysWithTimestamps() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            c.command("HELO client.test");
            c.command("NOOP");
            c.command("QUIT");
            assertThat(c.atEndOfStream()).isTrue();
            await().until(() -> host.transcripts().get(0).lines().size() >= 7);
            Transcript t = host.transcripts().get(0);
            assertThat(t.connection()).isEqualTo(1);
            assertThat(t.remote().getAddress().isLoopbackAddress()).isTrue();
            assertThat(t.remote().getPort()).isEqualTo(c.socket.getLocalPort());
            assertThat(t.lines()).extracting(TranscriptLine::direction, TranscriptLine::text).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Direction.SERVER, "220 fake-smtp.test ESMTP fake-smtp"),
                    org.assertj.core.groups.Tuple.tuple(Direction.CLIENT, "HELO client.test"),
                    org.assertj.core.groups.Tuple.tuple(Direction.SERVER, "250 fake-smtp.test"),
                    org.assertj.core.groups.Tuple.tuple(Direction.CLIENT, "NOOP"),
                    org.assertj.core.groups.Tuple.tuple(Direction.SERVER, "250 2.0.0 Ok"),
                    org.assertj.core.groups.Tuple.tuple(Direction.CLIENT, "QUIT"),
                    org.assertj.core.groups.Tuple.tuple(Direction.SERVER, "221 2.0.0 Bye"));
            List<TranscriptLine> lines = t.lines();
            for (int i = 1; i < lines.size(); i++) {
                assertThat(lines.get(i).at()).isAfterOrEqualTo(lines.get(i - 1).at());
            }
        }
    }

    @Test
    void multiLineGreetingGoesOutExactlyAndTheServerThenRefusesAllButQuit() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.1.10", 0).start()) {
            host.on(Stage.GREETING).reply(452, "example.com ESMTP", "4.3.1 Mail system full");
            try (WireClient c = WireClient.connect(host.address())) {
                assertThat(new String(c.readRawReply(), StandardCharsets.US_ASCII))
                        .isEqualTo("452-example.com ESMTP\r\n452 4.3.1 Mail system full\r\n");
                assertThat(c.command("EHLO client.test").code()).isEqualTo(503);
                assertThat(c.command("MAIL FROM:<a@b>").code()).isEqualTo(503);
                assertThat(c.command("QUIT").code()).isEqualTo(221);
                assertThat(c.atEndOfStream()).isTrue();
            }
            assertThat(host.sawCommand(Stage.MAIL)).isTrue();
            assertThat(host.messages()).isEmpty();
        }
    }

    @Test
    void timesAppliesToTheFirstOccurrencesThenFallsThrough() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.MAIL).times(2).reply(451, "4.3.0 Try again later");
            for (int expected : new int[] {451, 451, 250}) {
                try (WireClient c = WireClient.connect(host.address())) {
                    c.readReply();
                    c.command("EHLO client.test");
                    WireClient.Reply r = c.command("MAIL FROM:<a@example.org>");
                    assertThat(r.code()).isEqualTo(expected);
                    if (expected == 451) assertThat(r.last()).isEqualTo("451 4.3.0 Try again later");
                    c.command("QUIT");
                }
            }
            assertThat(host.connectionCount()).isEqualTo(3);
        }
    }

    @Test
    void rcptRuleMatchesByAddressPattern() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            host.on(Stage.RCPT).matching("bob@.*").reply(550, "5.1.1 No such user");
            c.readReply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@example.org>");
            assertThat(c.command("RCPT TO:<bob@example.com>").last()).isEqualTo("550 5.1.1 No such user");
            assertThat(c.command("RCPT TO:<alice@example.com>").code()).isEqualTo(250);
            assertThat(c.command("DATA").code()).isEqualTo(354);
            c.sendRaw("x\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply().code()).isEqualTo(250);
            assertThat(host.messages()).singleElement()
                    .satisfies(m -> assertThat(m.recipients()).containsExactly("alice@example.com"));
        }
    }

    @Test
    void onConnectionReplyAndCloseHitsOnlyThatConnection() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.MAIL).onConnection(1).replyAndClose(421, "4.3.2 Shutting down");
            try (WireClient c = WireClient.connect(host.address())) {
                c.readReply();
                c.command("EHLO client.test");
                assertThat(c.command("MAIL FROM:<a@example.org>").last()).isEqualTo("421 4.3.2 Shutting down");
                assertThat(c.atEndOfStream()).isTrue();
            }
            try (WireClient c = WireClient.connect(host.address())) {
                c.readReply();
                c.command("EHLO client.test");
                assertThat(c.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
            }
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            c.command("EHLO client.test");
            c.sendRaw("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@y>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(List.of(c.readReply().code(), c.readReply().code(), c.readReply().code(), c.readReply().code()))
                    .containsExactly(250, 250, 250, 354);
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            // A 20,000-byte line arrives in framer pieces and must be kept whole.
            byte[] longLine = ".".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            big.write(longLine);
            big.write("\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(big.toByteArray());
            assertThat(c.readReply().code()).isEqualTo(250);
            byte[] expected = (".".repeat(19_999) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThat(host.messages().get(0).content()).isEqualTo(expected);
        }
    }

    @Test
    void commandsInTheWrongOrderGetBadSequence() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("RCPT TO:<b@y>").code()).isEqualTo(503);
            assertThat(c.command("DATA").code()).isEqualTo(503);
            assertThat(c.command("MAIL FROM:<a@x>").code()).isEqualTo(250);
            assertThat(c.command("MAIL FROM:<a@x>").code()).isEqualTo(503);
            assertThat(c.command("DATA").code()).isEqualTo(554);
            assertThat(c.command("RSET").code()).isEqualTo(250);
            assertThat(c.command("VRFY bob").code()).isEqualTo(502);
            assertThat(host.sawCommand(Stage.UNKNOWN)).isTrue();
        }
    }

    @Test
    void listensOnIpv6Loopback() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("::1", 0).start();
             WireClient c = WireClient.connect(host.address())) {
            assertThat(host.address().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
            assertThat(c.readReply().code()).isEqualTo(220);
        }
    }

    @Test
    void nonLoopbackBindIsRefusedWithoutTheFlag() {
        assertThatThrownBy(() -> FakeSmtpServer.bind("192.0.2.1", 0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("192.0.2.1")
                .hasMessageContaining("allowNonLoopback");
    }
}
