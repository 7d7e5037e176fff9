package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.RefusingPort;
import dev.esakit.fake.smtp.Stage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FO-1..FO-12 over real loopback sockets, with the exact log lines of ESA-PROFILE section 5. */
class FailoverByFailureKindTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer b = FakeSmtpServer.bind("127.0.0.1", 0).start();

    @AfterEach
    void stop() {
        rig.close();
        a.close();
        b.close();
    }

    private String routes() {
        return DeliveryRig.primaryAndBackup(a, b);
    }

    private String pa() {
        return String.valueOf(a.address().getPort());
    }

    private String pb() {
        return String.valueOf(b.address().getPort());
    }

    private String newA() {
        return "New SMTP DCID d1 interface 127.0.0.1 address 127.0.0.1 port " + pa();
    }

    private String newB(int d) {
        return "New SMTP DCID d" + d + " interface 127.0.0.1 address 127.0.0.1 port " + pb();
    }

    private String from(int d, String to, int rid) {
        return "DCID d" + d + " MID 1 From: <alice@sender.example> To: <" + to + "> RID " + rid;
    }

    @Test
    void fo1FourXxGreetingIsAConnectionErrorAndTheNextHostTakesTheMessage() {
        a.on(Stage.GREETING).reply(452, "example.com ESMTP", "4.3.1 Mail system full");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("bob@example.com"));

        assertThat(out.get(0)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(b.messages()).hasSize(1);
        assertThat(a.sawCommand(Stage.MAIL)).isFalse();
        assertThat(rig.normalized()).startsWith(
                newA(),
                "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + pa() + " details: "
                        + "452-example.com ESMTP\\n452 4.3.1 Mail system full interface: 127.0.0.1 reason: unexpected SMTP response",
                "DCID d1 close",
                newB(2),
                "Delivery start DCID d2 MID 1 to RID [0]",
                "Message done DCID d2 MID 1 to RID [0]");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo2ConnectionRefusedIsANetworkErrorWithoutANewDcidLine() {
        try (RefusingPort refusing = RefusingPort.bind("127.0.0.1")) {
            int port = refusing.address().getPort();
            String routes = "example.com 127.0.0.1:" + port + "/pri=0, 127.0.0.1:" + pb() + "/pri=10";
            rig.deliver(routes, rig.message("bob@example.com"));
            assertThat(rig.normalized()).startsWith(
                    "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + port
                            + " details: Connection refused interface: 127.0.0.1 reason: network error",
                    newB(2));
            assertThat(b.messages()).hasSize(1);
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo2WithoutAConfiguredInterfaceTheErrorNamesTheKernelsSourceAddress() {
        rig.settings = rig.settings.withLocalInterface(null);
        try (RefusingPort refusing = RefusingPort.bind("127.0.0.1")) {
            int port = refusing.address().getPort();
            rig.deliver("example.com 127.0.0.1:" + port + "/pri=0, 127.0.0.1:" + pb() + "/pri=10",
                    rig.message("bob@example.com"));
            assertThat(rig.normalized().get(0)).endsWith("details: Connection refused interface: 127.0.0.1 reason: network error");
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo2ResetOnAcceptIsANetworkError() {
        a.on(Stage.CONNECT).reset();
        rig.deliver(routes(), rig.message("bob@example.com"));
        // The RST may come before or after the connect completes: with or without a New SMTP DCID line.
        assertThat(rig.normalized()).anySatisfy(l -> assertThat(l).startsWith("Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: "
                + pa() + " details: Connection reset").endsWith(" interface: 127.0.0.1 reason: network error"));
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo3NoGreetingInTimeIsANetworkErrorWithDetailsTimeout() {
        rig.settings = rig.settings.withGreetingTimeout(Duration.ofMillis(2000));
        a.on(Stage.CONNECT).hang();
        RecipientOutcome o = rig.deliver(routes(), rig.message("bob@example.com")).get(0);
        assertThat(o).as(String.join("\n", rig.lines) + b.transcripts() + a.transcripts()).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(rig.normalized()).startsWith(newA(),
                "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + pa()
                        + " details: timeout interface: 127.0.0.1 reason: network error",
                "DCID d1 close", newB(2));
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo3ConnectTimeoutIsANetworkErrorWithDetailsTimeout() throws Exception {
        // A listening socket that never accepts, with its accept queue full: Linux drops further SYNs, so a new
        // connect neither succeeds nor is refused.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.util.List<java.nio.channels.SocketChannel> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(silent.getLocalSocketAddress());
                    fillers.add(ch);
                }
                rig.settings = rig.settings.withConnectTimeout(Duration.ofMillis(500));
                int port = silent.getLocalPort();
                rig.deliver("example.com 127.0.0.1:" + port + "/pri=0, 127.0.0.1:" + pb() + "/pri=10",
                        rig.message("bob@example.com"));
                assertThat(rig.normalized()).startsWith(
                        "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + port
                                + " details: timeout interface: 127.0.0.1 reason: network error",
                        newB(2));
            } finally {
                for (java.nio.channels.SocketChannel ch : fillers) {
                    ch.close();
                }
            }
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void aMalformedGreetingIsAnUnexpectedResponseNamingWhatCame() throws Exception {
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.CompletableFuture<Void> served = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = raw.accept()) {
                    s.getOutputStream().write("hello, I am not SMTP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getInputStream().read(); // until the client goes away
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String routes = "example.com 127.0.0.1:" + raw.getLocalPort() + "/pri=0, 127.0.0.1:" + pb() + "/pri=10";
            rig.deliver(routes, rig.message("bob@example.com"));
            served.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rig.normalized().get(1)).startsWith("Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: "
                    + raw.getLocalPort() + " details: ").contains("hello, I am not SMTP")
                    .endsWith("reason: unexpected SMTP response");
            assertThat(b.messages()).hasSize(1);
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo4FourXxToEhloIsAConnectionErrorWithoutHeloFallback() {
        a.on(Stage.EHLO).reply(451, "4.3.2 Not now");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).startsWith(newA(),
                "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + pa()
                        + " details: 451 4.3.2 Not now interface: 127.0.0.1 reason: unexpected SMTP response");
        assertThat(a.sawCommand(Stage.HELO)).isFalse();
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo4FiveXxToEhloFallsBackToHeloAndDelivers() {
        a.on(Stage.EHLO).reply(502, "5.5.2 Command not implemented");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.HELO)).isTrue();
        assertThat(a.messages()).hasSize(1);
        assertThat(b.connectionCount()).isZero();
        assertThat(rig.lines).noneMatch(l -> l.startsWith("Connection Error"));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo12FiveXxToEhloAndHeloIsAHostFailure() {
        a.on(Stage.EHLO).reply(500, "5.5.1 Unrecognized command");
        a.on(Stage.HELO).reply(550, "5.7.1 Go away");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).startsWith(newA(),
                "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + pa()
                        + " details: 550 5.7.1 Go away interface: 127.0.0.1 reason: unexpected SMTP response");
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo12FiveXxGreetingIsAHostFailure() {
        a.on(Stage.GREETING).reply(554, "5.3.2 No SMTP service here");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized().get(1)).isEqualTo("Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: "
                + pa() + " details: 554 5.3.2 No SMTP service here interface: 127.0.0.1 reason: unexpected SMTP response");
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo5FourXxToMailDelaysEveryRecipientAndTheNextHostTakesThem() {
        a.on(Stage.MAIL).reply(451, "4.3.0 Try again later");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(),
                rig.message("bob@example.com", "carol@example.com"));
        assertThat(out.values()).allMatch(o -> o instanceof RecipientOutcome.Delivered);
        assertThat(rig.normalized()).startsWith(newA(),
                "Delivery start DCID d1 MID 1 to RID [0, 1]",
                "Delayed: " + from(1, "bob@example.com", 0) + " - 4.3.0 - Other or undefined status ('451', ['4.3.0 Try again later'])",
                "Delayed: " + from(1, "carol@example.com", 1) + " - 4.3.0 - Other or undefined status ('451', ['4.3.0 Try again later'])",
                "DCID d1 close",
                newB(2),
                "Delivery start DCID d2 MID 1 to RID [0, 1]",
                "Message done DCID d2 MID 1 to RID [0, 1]");
        assertThat(b.messages().get(0).recipients()).containsExactly("bob@example.com", "carol@example.com");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo6FourXxToOneRcptDefersOnlyThatRecipient() {
        a.on(Stage.RCPT).matching("carol@example.com").reply(452, "4.3.1 Insufficient system resources");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(),
                rig.message("bob@example.com", "carol@example.com", "dave@example.com"));
        assertThat(out.values()).allMatch(o -> o instanceof RecipientOutcome.Delivered);
        assertThat(a.messages().get(0).recipients()).containsExactly("bob@example.com", "dave@example.com");
        assertThat(b.messages().get(0).recipients()).containsExactly("carol@example.com");
        assertThat(rig.normalized()).containsSubsequence(
                "Delivery start DCID d1 MID 1 to RID [0, 1, 2]",
                "Delayed: " + from(1, "carol@example.com", 1)
                        + " - 4.3.1 - Mail system full ('452', ['4.3.1 Insufficient system resources'])",
                "Message done DCID d1 MID 1 to RID [0, 2]",
                newB(2),
                "Delivery start DCID d2 MID 1 to RID [1]",
                "Message done DCID d2 MID 1 to RID [1]");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo7FourXxToDataOrToTheEndOfDataDelaysAndFailsOver() {
        a.on(Stage.DATA).times(1).reply(451, "4.3.0 Not now");
        rig.deliver(routes(), rig.message("bob@example.com"));
        a.on(Stage.DATA_END).reply(452, "4.3.1 Disk full");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.messages()).isEmpty();
        assertThat(b.messages()).hasSize(2);
        assertThat(rig.normalized()).containsSubsequence(
                "Delayed: " + from(1, "bob@example.com", 0) + " - 4.3.0 - Other or undefined status ('451', ['4.3.0 Not now'])",
                "Message done DCID d2 MID 1 to RID [0]",
                "Delayed: DCID d3 MID 2 From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.1 - Mail system full ('452', ['4.3.1 Disk full'])",
                "Message done DCID d2 MID 2 to RID [0]");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo8ConnectionLostAfterDeliveryStartIsDelayedOtherNetworkProblemAndNeverDelivered() {
        a.on(Stage.DATA_END).closeWithoutReply();
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).startsWith(newA(),
                "Delivery start DCID d1 MID 1 to RID [0]",
                "Delayed: " + from(1, "bob@example.com", 0)
                        + " - 4.4.0 - Other network problem ('000', ['Connection closed by remote host'])",
                "DCID d1 close",
                newB(2));
        assertThat(a.messages()).isEmpty();
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo8TimeoutMidSessionIsDelayedWithTimeout() {
        rig.settings = rig.settings.withDataEndTimeout(Duration.ofMillis(2000));
        a.on(Stage.DATA_END).hang();
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).contains("Delayed: " + from(1, "bob@example.com", 0)
                + " - 4.4.0 - Other network problem ('000', ['timeout'])");
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo8ConnectionLostBeforeAnyTransactionIsAConnectionError() {
        a.on(Stage.EHLO).closeWithoutReply();
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).startsWith(newA(),
                "Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: " + pa()
                        + " details: Connection closed by remote host interface: 127.0.0.1 reason: network error",
                "DCID d1 close", newB(2));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo9FourTwentyOneAtRcptClosesWithoutQuitAndDelaysTheTransaction() {
        a.on(Stage.RCPT).matching("carol@example.com").reply(421, "4.3.2 Shutting down");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("bob@example.com", "carol@example.com"));
        assertThat(a.sawCommand(Stage.QUIT)).isFalse();
        assertThat(a.messages()).isEmpty();
        assertThat(out.values()).allMatch(o -> o instanceof RecipientOutcome.Delivered);
        assertThat(rig.normalized()).startsWith(newA(),
                "Delivery start DCID d1 MID 1 to RID [0, 1]",
                "Delayed: " + from(1, "bob@example.com", 0)
                        + " - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Shutting down'])",
                "Delayed: " + from(1, "carol@example.com", 1)
                        + " - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Shutting down'])",
                "DCID d1 close", newB(2));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo9FourTwentyOneGreetingIsAConnectionErrorAndNoQuit() {
        a.on(Stage.GREETING).reply(421, "4.3.2 Service not available");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.QUIT)).isFalse();
        assertThat(rig.normalized().get(1)).endsWith("details: 421 4.3.2 Service not available interface: 127.0.0.1 "
                + "reason: unexpected SMTP response");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo9FourTwentyOneToMailIsDelayedAndNextHost() {
        a.on(Stage.MAIL).serviceNotAvailable();
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).containsSubsequence("Delayed: " + from(1, "bob@example.com", 0)
                + " - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Service not available, closing transmission channel'])",
                "DCID d1 close", newB(2));
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo9FourTwentyOneToTheEndOfDataIsDelayedNeverDeliveredAndNoQuit() {
        a.on(Stage.DATA_END).replyAndClose(421, "4.4.2 Closing");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).containsSubsequence("Delivery start DCID d1 MID 1 to RID [0]",
                "Delayed: " + from(1, "bob@example.com", 0) + " - 4.4.2 - Other network problem ('421', ['4.4.2 Closing'])",
                "DCID d1 close", newB(2), "Message done DCID d2 MID 1 to RID [0]");
        assertThat(a.sawCommand(Stage.QUIT)).isFalse();
        assertThat(b.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo9FourTwentyOneToEhloOrDataIsThatStagesFourXx() {
        a.on(Stage.EHLO).times(1).reply(421, "4.7.0 Too many connections");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).containsSubsequence("Connection Error: DCID d1 domain: example.com IP: 127.0.0.1 port: "
                + pa() + " details: 421 4.7.0 Too many connections interface: 127.0.0.1 reason: unexpected SMTP response",
                "DCID d1 close");
        assertThat(a.sawCommand(Stage.HELO)).as("421 is not a 5xx: no HELO fallback").isFalse();
        try (DeliveryRig other = new DeliveryRig(); FakeSmtpServer c = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            c.on(Stage.DATA).reply(421, "4.3.2 Shutting down");
            other.deliver("example.com 127.0.0.1:" + c.address().getPort() + "/pri=0, 127.0.0.1:" + pb() + "/pri=10",
                    other.message("bob@example.com"));
            assertThat(other.normalized()).containsSubsequence("Delivery start DCID d1 MID 1 to RID [0]",
                    "Delayed: " + from(1, "bob@example.com", 0)
                            + " - 4.3.2 - Not accepting messages at this time ('421', ['4.3.2 Shutting down'])",
                    "DCID d1 close");
            assertThat(c.sawCommand(Stage.QUIT)).isFalse();
            other.assertEveryConnectionClosedOnce();
        }
        assertThat(a.sawCommand(Stage.QUIT)).isFalse();
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo10FiveXxToRcptBouncesThatRecipientWithoutFailover() {
        a.on(Stage.RCPT).matching("nobody@example.com").reply(550, "5.1.1 No such user");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("nobody@example.com", "bob@example.com"));
        assertThat(out.get(0)).isInstanceOf(RecipientOutcome.Bounced.class);
        assertThat(out.get(1)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(b.connectionCount()).isZero();
        assertThat(rig.normalized()).contains("Bounced: " + from(1, "nobody@example.com", 0)
                + " - 5.1.1 - Unknown address error ('550', ['5.1.1 No such user'])");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo11FiveXxToMailOrEndOfDataBouncesTheTransaction() {
        a.on(Stage.MAIL).times(1).reply(550, "5.7.1 Sender rejected");
        Map<Integer, RecipientOutcome> first = rig.deliver(routes(), rig.message("bob@example.com", "carol@example.com"));
        assertThat(first.values()).allMatch(o -> o instanceof RecipientOutcome.Bounced);
        a.on(Stage.DATA_END).reply(554, "5.6.0 Content rejected");
        Map<Integer, RecipientOutcome> second = rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(second.get(0)).isInstanceOf(RecipientOutcome.Bounced.class)
                .extracting(o -> ((RecipientOutcome.Bounced) o).status().enhancedCode()).isEqualTo("5.6.0");
        assertThat(b.connectionCount()).isZero();
        assertThat(rig.normalized()).contains(
                "Bounced: " + from(1, "bob@example.com", 0) + " - 5.7.1 - Other or undefined status ('550', ['5.7.1 Sender rejected'])",
                "Bounced: " + from(1, "carol@example.com", 1) + " - 5.7.1 - Other or undefined status ('550', ['5.7.1 Sender rejected'])");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void everyHostFailingLeavesTheRecipientsDelayedForTheQueue() {
        a.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
        b.on(Stage.RCPT).reply(452, "4.3.1 Mail system full");
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(out.get(0)).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(((RecipientOutcome.Delayed) out.get(0)).dcid()).isPositive();
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void addressOfAnUnusedHostIsNotContacted() {
        InetSocketAddress unused = b.address();
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.messages()).hasSize(1);
        assertThat(b.connectionCount()).as("backup %s", unused).isZero();
        rig.assertEveryConnectionClosedOnce();
    }
}
