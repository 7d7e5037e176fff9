package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile sender against the engine's listener (IN-2, IN-3): open-relay tricks, CR/LF injection, pipelined
 * garbage, SMTP smuggling, oversize messages and lines, recipient floods. Each gets the RFC reply and the log
 * line, and nothing is queued that should not be. Only {@code routed.test} has a route.
 */
class InboundAbuseTest {
    private FakeSmtpServer destination;
    private EngineUnderTest engine;

    @BeforeEach
    void start() {
        destination = FakeSmtpServer.bind("127.0.0.1", 0).start();
        engine = EngineUnderTest.start("routed.test 127.0.0.1:" + destination.address().getPort()
                + "\n.sub.routed.test 127.0.0.1:" + destination.address().getPort(), Duration.ofSeconds(2),
                b -> b.maxMessageSize(10_000));
    }

    @AfterEach
    void stop() {
        engine.close();
        destination.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "victim@elsewhere.test",                      // unrouted domain
            "victim%elsewhere.test@routed.test",          // % hack
            "\"victim@elsewhere.test\"@routed.test",      // quoted local part holding an @
            "@routed.test:victim@elsewhere.test",         // source route through us
            "@routed.test,@sub.routed.test:victim@elsewhere.test",
            "elsewhere.test!victim@routed.test",          // bang path
            "victim@[127.0.0.1]",                         // address literal
            "victim@evilrouted.test",                     // suffix of a route, not a subdomain
            "victim@routed.test.elsewhere.test",          // a route as a prefix
            "victim@",
            "@routed.test",
            ""})
    void relayAttemptsAreRejectedByTheRatAndNothingIsQueued(String rcpt) throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            SubmittingClient.expect(c.reply(), "220");
            SubmittingClient.expect(c.send("EHLO spammer.test"), "250");
            SubmittingClient.expect(c.send("MAIL FROM:<spammer@spammer.test>"), "250");
            String reply = c.send("RCPT TO:<" + rcpt + ">");
            assertThat(reply).as("RCPT TO:<%s>", rcpt).startsWith("550 5.7.1");
            assertThat(c.send("DATA")).startsWith("554");
            assertThat(c.send("QUIT")).startsWith("221");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.logText().stream().anyMatch(l -> l.endsWith(" close")
                && l.startsWith("ICID ")));
        assertThat(engine.logText()).anyMatch(l -> l.matches("^MID \\d+ ICID \\d+ To: <.*> Rejected by RAT$"))
                .noneMatch(l -> l.matches("^MID \\d+ ICID \\d+ RID \\d+ To: .*"))
                .noneMatch(l -> l.contains(" ready ") || l.contains("queued for delivery"));
        assertThat(engine.engine().queuedMessages()).isZero();
    }

    @Test
    void routedRecipientsStillPassWhateverTheirCase() throws Exception {
        long mid = engine.submit("a@sender.test", List.of("Bob@ROUTED.TEST", "carol@deep.sub.routed.test"),
                "Subject: ok\r\n\r\nbody\r\n");
        assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(10))).startsWith("Message finished");
        assertThat(destination.messages()).flatMap(m -> m.recipients())
                .containsExactlyInAnyOrder("Bob@ROUTED.TEST", "carol@deep.sub.routed.test");
    }

    @Test
    void bareCrInsideACommandDoesNotSmuggleASecondRecipient() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            String reply = c.send("RCPT TO:<ok@routed.test>\rRCPT TO:<victim@elsewhere.test>");
            assertThat(reply).matches("^(250|501|500) .*");
            assertThat(c.send("NOOP")).as("still in step: one reply per command").startsWith("250");
        }
        awaitClosed();
        assertThat(engine.log()).noneMatch(l -> l.contains("\r"));
        assertThat(engine.logText()).noneMatch(l -> l.contains("RID") && l.contains("To: <victim@elsewhere.test>"));
    }

    @Test
    void bareLfEndsACommandAndEachCommandGetsItsOwnReply() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.raw("EHLO x.test\nMAIL FROM:<a@sender.test>\nRCPT TO:<victim@elsewhere.test>\nRCPT TO:<b@routed.test>\n");
            assertThat(c.reply()).startsWith("250-");
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.reply()).startsWith("550 ");
            assertThat(c.reply()).startsWith("250 ");
        }
    }

    @Test
    void smugglingWithBareLfDotBareLfDoesNotEndTheMessage() throws Exception {
        // SMTP smuggling (CVE-2023-51766 and kin): only CRLF.CRLF ends the data. A relay that also takes
        // LF.LF lets a sender hide a second, forged message inside the first.
        String[] variants = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n"};
        for (String end : variants) {
            try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
                c.reply();
                c.send("EHLO x.test");
                c.send("MAIL FROM:<honest@sender.test>");
                c.send("RCPT TO:<b@routed.test>");
                SubmittingClient.expect(c.send("DATA"), "354");
                c.raw("Subject: honest\r\n\r\nbody" + end
                        + "MAIL FROM:<ceo@bank.test>\r\nRCPT TO:<b@routed.test>\r\nDATA\r\n"
                        + "Subject: forged\r\n\r\nsend money\r\n.\r\n");
                String reply = c.reply();
                assertThat(reply).as("the one reply to the whole data, variant %s", escaped(end)).startsWith("250 ");
                assertThat(c.send("NOOP")).as("no stray replies queued up behind it, variant %s", escaped(end))
                        .startsWith("250 2.0.0 Ok");
            }
        }
        awaitClosed();
        assertThat(engine.logText()).as("no forged sender ever reached the envelope")
                .noneMatch(l -> l.contains("From: <ceo@bank.test>"));
        assertThat(engine.logText().stream().filter(l -> l.matches("^MID \\d+ ready .*"))).hasSize(variants.length);
    }

    @Test
    void nextTransactionPipelinedRightAfterTheDotIsAnsweredInOrder() throws Exception {
        // RFC 2920: the message content may be the first "command" of a group; the replies come in order.
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            c.send("RCPT TO:<b@routed.test>");
            SubmittingClient.expect(c.send("DATA"), "354");
            c.raw("Subject: one\r\n\r\nbody\r\n.\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<c@routed.test>\r\nDATA\r\n");
            assertThat(SubmittingClient.midOf(c.reply())).as("250 for the first message").isPositive();
            assertThat(c.reply()).as("MAIL").startsWith("250 2.1.0");
            assertThat(c.reply()).as("RCPT").startsWith("250 2.1.5");
            assertThat(c.reply()).as("DATA").startsWith("354");
            c.raw("Subject: two\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertThat(SubmittingClient.midOf(c.reply())).as("250 for the second message").isPositive();
            assertThat(c.reply()).startsWith("221");
        }
    }

    @Test
    void pipelinedGarbageGetsOneErrorPerLineAndTheSessionSurvives() throws Exception {
        List<String> garbage = new ArrayList<>(List.of("\u0000\u0001\u0002", "GET / HTTP/1.1", "Host: evil",
                "ÿÿÿÿ", "MAIL", "RCPT TO:<b@routed.test>", "DATA", "MAIL FROM:no-brackets", "EHLO", "   ",
                "\u001b[31mred"));
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.raw(String.join("\r\n", garbage) + "\r\nNOOP\r\n");
            for (String g : garbage) {
                String reply = c.reply();
                assertThat(reply).as("reply to %s", escaped(g)).matches("(?s)^(250|5\\d\\d)[ -].*");
            }
            assertThat(c.reply()).as("NOOP after the garbage").startsWith("250");
            SubmittingClient.expect(c.send("MAIL FROM:<a@sender.test>"), "250");
            SubmittingClient.expect(c.send("RCPT TO:<b@routed.test>"), "250");
            SubmittingClient.expect(c.send("DATA"), "354");
            c.raw("Subject: after garbage\r\n\r\nbody\r\n.\r\n");
            assertThat(SubmittingClient.midOf(c.reply())).isPositive();
        }
        assertThat(engine.log()).allSatisfy(l -> assertThat(l).matches(MailLogLines.STAMP.pattern() + ".*")
                .doesNotContain("\u0000", "\r", "\u001b"));
    }

    @Test
    void oversizeMessageGets552AndIsNotQueued() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            c.send("RCPT TO:<b@routed.test>");
            SubmittingClient.expect(c.send("DATA"), "354");
            String line = "y".repeat(900) + "\r\n";
            c.raw("Subject: big\r\n\r\n" + line.repeat(30) + ".\r\n"); // 27 KB against a 10,000-byte limit
            assertThat(c.reply()).startsWith("552 5.3.4");
            assertThat(c.send("NOOP")).as("one reply for the message").startsWith("250");
        }
        awaitClosed();
        assertThat(engine.logText()).noneMatch(l -> l.contains(" ready ") || l.contains("queued for delivery"));
    }

    @Test
    void overlongTextLineInDataGetsOneReplyAfterTheDotAndIsNotQueuedTruncated() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            c.send("RCPT TO:<b@routed.test>");
            SubmittingClient.expect(c.send("DATA"), "354");
            c.raw("Subject: long line\r\n\r\n" + "z".repeat(2_000) + "\r\nshort\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).as("the reply to the end of data").startsWith("5");
            assertThat(c.send("NOOP")).as("no second reply queued behind it").startsWith("250");
        }
        awaitClosed();
        assertThat(engine.logText()).noneMatch(l -> l.contains(" ready ") || l.contains("queued for delivery"));
    }

    @Test
    void tenMebibyteCommandLineIsRefusedWithoutBufferingIt() throws Exception {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'A');
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.raw(huge);
            c.raw("\r\nNOOP\r\n");
            assertThat(c.reply()).startsWith("500 5.5.2");
            assertThat(c.reply()).as("the session survives").startsWith("250");
        }
    }

    @Test
    void commandLineOver512OctetsGets500AndTheSessionGoesOn() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            assertThat(c.send("NOOP " + "p".repeat(600))).startsWith("500 5.5.2");
            assertThat(c.send("NOOP " + "p".repeat(400))).startsWith("250");
        }
    }

    @Test
    void overlongLinePipelinedAfterTheDotIsAnsweredInOrder() throws Exception {
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            c.send("RCPT TO:<b@routed.test>");
            SubmittingClient.expect(c.send("DATA"), "354");
            c.raw("Subject: one\r\n\r\nbody\r\n.\r\nNOOP " + "q".repeat(2_000) + "\r\nNOOP\r\n");
            assertThat(SubmittingClient.midOf(c.reply())).as("250 for the message").isPositive();
            assertThat(c.reply()).as("the over-long line").startsWith("500");
            assertThat(c.reply()).as("the NOOP after it").startsWith("250");
        }
    }

    @Test
    void recipientFloodGets452AfterTheLimitAndOnlyTheAcceptedAreQueued() throws Exception {
        long mid;
        try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
            c.reply();
            c.send("EHLO x.test");
            c.send("MAIL FROM:<a@sender.test>");
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                pipelined.append("RCPT TO:<r").append(i).append("@routed.test>\r\n");
            }
            c.raw(pipelined.toString());
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                replies.add(c.reply());
            }
            assertThat(replies.subList(0, 100)).allSatisfy(r -> assertThat(r).startsWith("250"));
            assertThat(replies.subList(100, 150)).allSatisfy(r -> assertThat(r).startsWith("452 4.5.3"));
            SubmittingClient.expect(c.send("DATA"), "354");
            c.raw("Subject: flood\r\n\r\nbody\r\n.\r\n");
            mid = SubmittingClient.midOf(c.reply());
        }
        assertThat(engine.logText().stream().filter(l -> l.matches("^MID " + mid + " ICID \\d+ RID \\d+ To: .*")))
                .hasSize(100);
        assertThat(engine.awaitOutcome(mid, Duration.ofSeconds(15))).startsWith("Message finished");
        assertThat(destination.messages().stream().mapToInt(m -> m.recipients().size()).sum()).isEqualTo(100);
    }

    private void awaitClosed() {
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.logText().stream()
                .filter(l -> l.matches("^ICID \\d+ close$")).count() >= 1);
    }

    private static String escaped(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\r", "<CR>")
                .replace("\n", "<LF>");
    }
}
