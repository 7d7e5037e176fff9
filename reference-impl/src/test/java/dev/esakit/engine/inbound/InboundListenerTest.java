package dev.esakit.engine.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import dev.esakit.fake.smtp.FakeSmtpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IN-1..IN-3 against a whole engine on loopback, checked in its real mail.current. */
class InboundListenerTest {
    @TempDir
    Path dir;
    private final FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private ReferenceEngine engine;

    private ReferenceEngine engine() {
        if (engine == null) {
            RouteTable routes = new RouteTable(SmtpRoutesParser.parse("example.com 127.0.0.1:" + host.address().getPort()
                    + "/pri=0\n.sub.example.org 127.0.0.1:" + host.address().getPort() + "/pri=0", "routes"));
            engine = ReferenceEngine.start(EngineConfig.builder().routes(routes).logDir(dir.resolve("log"))
                    .spoolDir(dir.resolve("spool")).clock(new VirtualClock(Instant.parse("2026-12-04T20:00:00Z")))
                    .delivery(DeliverySettings.rfc5321Defaults("esakit.test", "127.0.0.1").withTimeouts(Duration.ofSeconds(5)))
                    .maxMessageSize(2_000).build());
        }
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        host.close();
    }

    private List<String> log() throws Exception {
        return Files.readAllLines(engine.mailLogPath()).stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList();
    }

    private SmtpTestClient client() {
        SmtpTestClient c = new SmtpTestClient(engine().listenAddress());
        assertThat(c.reply()).startsWith("220 ");
        assertThat(c.send("EHLO client.test")).startsWith("250 ");
        return c;
    }

    @Test
    void in1ReceivingLogsTheIcidAndMidLinesInOrder() throws Exception {
        try (SmtpTestClient c = client()) {
            assertThat(c.send("MAIL FROM:<alice@sender.example>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("250");
            assertThat(c.send("RCPT TO:<eve@elsewhere.example>")).startsWith("550");
            assertThat(c.send("RCPT TO:<carol@a.sub.example.org>")).startsWith("250");
            assertThat(c.send("DATA")).startsWith("354");
            assertThat(c.send("Message-ID: <m1@sender.example>\r\nSubject: Hello\r\n\r\nBody\r\n.")).startsWith("250");
            assertThat(c.send("QUIT")).startsWith("221");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("Message finished MID 1 done")
                && log().contains("ICID 1 close"));
        List<String> log = log();
        assertThat(log.subList(0, 3)).containsExactly("Begin Logfile", "Version: esakit-reference 0.1.0 SN: ESAKIT-REF-0001",
                "Time offset from UTC: 0 seconds");
        assertThat(log).containsSubsequence(
                "New SMTP ICID 1 interface Management (127.0.0.1) address 127.0.0.1 reverse dns host unknown verified no",
                "ICID 1 ACCEPT SG None match ALL SBRS not enabled country not enabled",
                "Start MID 1 ICID 1",
                "MID 1 ICID 1 From: <alice@sender.example>",
                "MID 1 ICID 1 RID 0 To: <bob@example.com>",
                "MID 1 ICID 1 To: <eve@elsewhere.example> Rejected by RAT",
                "MID 1 ICID 1 RID 1 To: <carol@a.sub.example.org>",
                "MID 1 Message-ID '<m1@sender.example>'",
                "MID 1 Subject 'Hello'",
                "MID 1 ready 57 bytes from <alice@sender.example>",
                "MID 1 queued for delivery",
                "Message finished MID 1 done");
        // One transaction per recipient domain, even to the same host.
        assertThat(host.messages()).hasSize(2);
    }

    @Test
    void in2NeverAnOpenRelay() throws Exception {
        try (SmtpTestClient c = client()) {
            assertThat(c.send("MAIL FROM:<alice@sender.example>")).startsWith("250");
            for (String trick : List.of("eve@evil.example", "eve%evil.example@example.com", "\"eve@evil.example\"@example.com",
                    "@example.com:eve@evil.example", "eve!evil.example@example.com", "eve@[127.0.0.1]",
                    "eve@example.com.", "eve@evil.example@example.com", "eve@example.com,eve@evil.example")) {
                assertThat(c.send("RCPT TO:<" + trick + ">")).as(trick).startsWith("550 ");
            }
            assertThat(c.send("DATA")).startsWith("554");
            assertThat(c.send("QUIT")).startsWith("221");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("ICID 1 close"));
        assertThat(log()).filteredOn(l -> l.endsWith("Rejected by RAT")).hasSize(9);
        assertThat(log()).noneMatch(l -> l.contains("RID 0 To:") || l.contains("ready"));
        assertThat(engine.queuedMessages()).isZero();
        assertThat(host.connectionCount()).isZero();
    }

    @Test
    void in3LimitsGetTheRfcRepliesAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient c = client()) {
            assertThat(c.send("NOOP " + "x".repeat(600))).startsWith("500 5.5.2");
            assertThat(c.send("NOOP " + "x".repeat(2000))).startsWith("500 5.5.2");
            assertThat(c.send("NOOP")).startsWith("250");
            assertThat(c.send("MAIL FROM:<alice@sender.example> SIZE=999999")).startsWith("552");
            assertThat(c.send("MAIL FROM:<alice@sender.example> SIZE=100")).startsWith("250");
            for (int i = 0; i < 100; i++) {
                assertThat(c.send("RCPT TO:<u" + i + "@example.com>")).startsWith("250");
            }
            assertThat(c.send("RCPT TO:<u100@example.com>")).startsWith("452");
            assertThat(c.send("DATA")).startsWith("354");
            assertThat(c.send("Subject: long\r\n\r\n" + "y".repeat(1200) + "\r\nend\r\n.")).startsWith("500");
            assertThat(c.send("MAIL FROM:<alice@sender.example>")).startsWith("250");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("250");
            assertThat(c.send("DATA")).startsWith("354");
            assertThat(c.send("Subject: big\r\n\r\n" + ("z".repeat(100) + "\r\n").repeat(30) + ".")).startsWith("552");
            assertThat(c.send("NOOP")).startsWith("250");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("ICID 1 close"));
        assertThat(engine.queuedMessages()).isZero();
        assertThat(log()).noneMatch(l -> l.contains("ready") || l.contains("queued for delivery"));
        assertThat(host.connectionCount()).isZero();
    }

    @Test
    void pipelinedCommandsAfterTheEndOfDataAreAnsweredInOrder() throws Exception {
        try (SmtpTestClient c = client()) {
            c.write("MAIL FROM:<alice@sender.example>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            c.write("Subject: p\r\n\r\nx\r\n.\r\nMAIL FROM:<alice@sender.example>\r\nQUIT\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as 1");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("221");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> host.messages().size() == 1);
    }

    @Test
    void in3GarbageNeverCrashesTheListener() throws Exception {
        try (SmtpTestClient c = client()) {
            c.write("\u0000\u00ff\u0001junk\r\n");
            assertThat(c.reply()).startsWith("500");
            c.write("x".repeat(5000) + "\r\n");
            assertThat(c.reply()).startsWith("500 5.5.2");
            assertThat(c.send("RCPT TO:<bob@example.com>")).startsWith("503");
            assertThat(c.send("DATA")).startsWith("503");
            assertThat(c.send("MAIL FROM:bob")).startsWith("501");
            assertThat(c.send("NOOP")).startsWith("250");
        }
        try (SmtpTestClient again = client()) {
            assertThat(again.send("QUIT")).startsWith("221");
        }
        assertThat(engine.queuedMessages()).isZero();
    }
}
