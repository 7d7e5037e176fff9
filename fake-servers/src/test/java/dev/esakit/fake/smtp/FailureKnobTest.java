package dev.esakit.fake.smtp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each failure knob, driven by a real client on loopback; asserts what the client saw. */
class FailureKnobTest {

    private static WireClient readyClient(FakeSmtpServer host) throws IOException {
        WireClient c = WireClient.connect(host.address());
        assertThat(c.readReply().code()).isEqualTo(220);
        assertThat(c.command("EHLO client.test").code()).isEqualTo(250);
        return c;
    }

    @Test
    void delayHoldsTheReplyForAtLeastTheDelay() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.MAIL).delay(Duration.ofMillis(300)).reply(250, "2.1.0 Slow but fine");
            long start = System.nanoTime();
            WireClient.Reply r = c.command("MAIL FROM:<a@x>");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.last()).isEqualTo("250 2.1.0 Slow but fine");
            assertThat(elapsedMs).isBetween(300L, 5_000L);
        }
    }

    @Test
    void delayedReplyKeepsPipelinedRepliesInOrder() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.MAIL).delay(Duration.ofMillis(200)).replyDefault();
            c.sendRaw("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply().last()).isEqualTo("250 2.1.0 Ok");
            assertThat(c.readReply().last()).isEqualTo("250 2.1.5 Ok");
            assertThat(c.readReply().last()).isEqualTo("250 2.0.0 Ok");
        }
    }

    @Test
    void greetingDelay() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.GREETING).delay(Duration.ofMillis(250)).replyDefault();
            long start = System.nanoTime();
            try (WireClient c = WireClient.connect(host.address())) {
                assertThat(c.readReply().code()).isEqualTo(220);
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        }
    }

    @Test
    void closeWithoutReply() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.RCPT).closeWithoutReply();
            c.command("MAIL FROM:<a@x>");
            c.send("RCPT TO:<b@y>");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void serviceNotAvailableSends421ThenCloses() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.DATA).serviceNotAvailable();
            c.command("MAIL FROM:<a@x>");
            c.command("RCPT TO:<b@y>");
            WireClient.Reply r = c.command("DATA");
            assertThat(r.code()).isEqualTo(421);
            assertThat(r.last()).startsWith("421 4.3.2 ");
            assertThat(c.atEndOfStream()).isTrue();
        }
    }

    @Test
    void hangNeverRepliesButKeepsTheConnectionOpen() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.DATA_END).hang();
            c.command("MAIL FROM:<a@x>");
            c.command("RCPT TO:<b@y>");
            c.command("DATA");
            c.sendRaw("hello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            c.socket.setSoTimeout(400);
            assertThatThrownBy(c::readLine).isInstanceOf(SocketTimeoutException.class);
            c.send("QUIT"); // still open: the write succeeds and the line is logged, unanswered
            await().until(() -> host.transcripts().get(0).texts(Direction.CLIENT).contains("QUIT"));
            assertThat(host.messages()).isEmpty();
            assertThat(host.transcripts().get(0).texts(Direction.SERVER)).doesNotContain("221 2.0.0 Bye");
            assertThat(host.transcripts().get(0).texts(Direction.EVENT)).contains("hanging: no further replies");
        }
    }

    @Test
    void replyAndResetAbortsWithRst() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.MAIL).reset();
            c.send("MAIL FROM:<a@x>");
            assertThatThrownBy(c::readLine).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void onOccurrenceHitsOnlyTheNthMatch() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.RCPT).onOccurrence(2).reply(452, "4.5.3 Too many recipients");
            c.command("MAIL FROM:<a@x>");
            assertThat(c.command("RCPT TO:<r1@y>").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<r2@y>").code()).isEqualTo(452);
            assertThat(c.command("RCPT TO:<r3@y>").code()).isEqualTo(250);
        }
    }

    @Test
    void failTwiceThenAcceptOnOneLinePerConnection() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.GREETING).onConnection(1, 2).replyAndClose(421, "4.3.2 Not now");
            for (int i = 0; i < 2; i++) {
                try (WireClient c = WireClient.connect(host.address())) {
                    assertThat(c.readReply().code()).isEqualTo(421);
                    assertThat(c.atEndOfStream()).isTrue();
                }
            }
            try (WireClient c = WireClient.connect(host.address())) {
                assertThat(c.readReply().code()).isEqualTo(220);
            }
        }
    }

    // --- TCP level ------------------------------------------------------------------------------

    @Test
    void refusedWhenNothingListens() {
        try (RefusingPort port = RefusingPort.bind("127.0.0.1")) {
            assertThatThrownBy(() -> new Socket().connect(port.address(), 2000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void hostGoesDownAndComesBackOnTheSamePort() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            InetSocketAddress address = host.address();
            try (WireClient c = WireClient.connect(address)) {
                assertThat(c.readReply().code()).isEqualTo(220);
            }
            host.stop();
            assertThat(host.isRunning()).isFalse();
            assertThatThrownBy(() -> new Socket().connect(address, 2000)).isInstanceOf(ConnectException.class);
            host.start();
            assertThat(host.address()).isEqualTo(address);
            try (WireClient c = WireClient.connect(address)) {
                assertThat(c.readReply().code()).isEqualTo(220);
            }
            await().until(() -> host.connectionCount() == 2);
            assertThat(host.transcripts()).extracting(Transcript::connection).containsExactly(1, 2);
        }
    }

    @Test
    void resetOnAccept() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.CONNECT).reset();
            // The RST can beat the connect() call's return, or hit the first read: both are a reset.
            assertThatThrownBy(() -> {
                try (WireClient c = WireClient.connect(host.address())) {
                    c.readLine();
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            await().until(() -> host.connectionCount() == 1);
            assertThat(host.sawCommand(Stage.GREETING)).isFalse();
            assertThat(host.transcripts().get(0).texts(Direction.EVENT)).containsExactly("reset");
            assertThat(host.transcripts().get(0).texts(Direction.SERVER)).isEmpty();
        }
    }

    @Test
    void acceptButNeverGreet() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            host.on(Stage.CONNECT).hang();
            try (WireClient silent = WireClient.connect(host.address())) {
                await().until(() -> host.connectionCount() == 1); // accepted, not refused
                silent.socket.setSoTimeout(400);
                assertThatThrownBy(silent::readLine).isInstanceOf(SocketTimeoutException.class);
                assertThat(host.sawCommand(Stage.GREETING)).isFalse();
            }
        }
    }

    @Test
    void slowBandwidthStretchesTheGreeting() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).bandwidth(100).start()) {
            long start = System.nanoTime();
            try (WireClient c = WireClient.connect(host.address())) {
                WireClient.Reply greeting = c.readReply(); // 37 bytes at 100 B/s: about 0.35 s
                assertThat(greeting.last()).isEqualTo("220 fake-smtp.test ESMTP fake-smtp");
                assertThat(c.command("NOOP").code()).isEqualTo(250);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).isBetween(300L, 5_000L);
        }
    }

    @Test
    void closeMidDataCutsTheConnectionAndKeepsNoMessage() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.DATA).closeMidData(20);
            c.command("MAIL FROM:<a@x>");
            c.command("RCPT TO:<b@y>");
            assertThat(c.command("DATA").code()).isEqualTo(354);
            c.sendRaw("line one of the message\r\nline two\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isNull();
            assertThat(host.messages()).isEmpty();
        }
    }

    @Test
    void halfCloseEndsTheServersSideButStillReads() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            host.on(Stage.MAIL).replyAndHalfClose(250, "2.1.0 Ok, and goodbye from my side");
            assertThat(c.command("MAIL FROM:<a@x>").code()).isEqualTo(250);
            assertThat(c.readLine()).isNull(); // FIN from the server
            c.send("RCPT TO:<b@y>");         // the client's side still works
            await().until(() -> host.transcripts().get(0).texts(Direction.CLIENT).contains("RCPT TO:<b@y>"));
        }
    }

    @Test
    void overlongCommandLineIsRefused() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
             WireClient c = readyClient(host)) {
            assertThat(c.command("NOOP " + "x".repeat(10_000)).code()).isEqualTo(500);
            assertThat(c.command("NOOP").code()).isEqualTo(250);
        }
    }
}
