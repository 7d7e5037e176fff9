package dev.esakit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.control.DestinationControlsParser;
import dev.esakit.engine.delivery.DeliverySettings;
import dev.esakit.engine.inbound.SmtpTestClient;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import dev.esakit.fake.dns.FakeDnsServer;
import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's options reach delivery: DNS server (RT-3), destination controls (CONN-3, CONN-4), extra log sinks. */
class EngineWiringTest {
    @TempDir
    Path dir;

    @Test
    void useDnsRouteTlsAndAuthThroughTheWholeEngine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (FakeDnsServer dns = FakeDnsServer.bind("127.0.0.1", 0).start();
             FakeSmtpServer mx = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            dns.mx("example.net", 10, "mx.example.net").a("mx.example.net", "127.0.0.1");
            mx.offer(Extension.STARTTLS, Extension.AUTH_PLAIN).credentials("alice", "s3cret");
            RouteTable routes = new RouteTable(SmtpRoutesParser.parse("example.net USEDNS", "routes"));
            DestinationControls controls = new DestinationControls(DestinationControlsParser.parse(
                    "auth-profile p user=alice password=s3cret\nexample.net tls=required auth=p", "controls"));
            try (ReferenceEngine engine = ReferenceEngine.start(EngineConfig.builder().routes(routes)
                    .logDir(dir.resolve("log")).spoolDir(dir.resolve("spool"))
                    .clock(new VirtualClock(Instant.parse("2026-12-04T20:00:00Z")))
                    .delivery(DeliverySettings.rfc5321Defaults("esakit.test", "127.0.0.1")
                            .withTimeouts(Duration.ofSeconds(5)).withMxPort(mx.address().getPort()))
                    .dnsServer(dns.address()).destinationControls(controls)
                    .addLogSink(line -> lines.add(line.substring(line.indexOf(": ") + 2))).build());
                 SmtpTestClient c = new SmtpTestClient(engine.listenAddress())) {
                assertThat(c.reply()).startsWith("220");
                assertThat(c.send("HELO client.test")).startsWith("250");
                assertThat(c.send("MAIL FROM:<alice@sender.example>")).startsWith("250");
                assertThat(c.send("RCPT TO:<bob@example.net>")).startsWith("250");
                assertThat(c.send("DATA")).startsWith("354");
                assertThat(c.send("Subject: hi\r\n\r\nhi\r\n.")).startsWith("250");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("Message finished MID 1 done"));
            }
            assertThat(mx.messages()).hasSize(1);
            assertThat(mx.sawCommand(Stage.AUTH)).isTrue();
            assertThat(lines).anyMatch(l -> l.matches("DCID 1 TLS success protocol TLSv1\\.[23] cipher .+"));
            assertThat(lines).containsOnlyOnce("DCID 1 close");
        }
    }

    private ReferenceEngine engine(String routes, List<String> lines) {
        return ReferenceEngine.start(EngineConfig.builder()
                .routes(new RouteTable(SmtpRoutesParser.parse(routes, "routes")))
                .logDir(dir.resolve("log")).spoolDir(dir.resolve("spool"))
                .clock(new VirtualClock(Instant.parse("2026-12-04T20:00:00Z")))
                .delivery(DeliverySettings.rfc5321Defaults("esakit.test", "127.0.0.1").withTimeouts(Duration.ofSeconds(5)))
                .addLogSink(line -> lines.add(line.substring(line.indexOf(": ") + 2))).build());
    }

    private static void submit(ReferenceEngine engine, String rcpt) {
        try (SmtpTestClient c = new SmtpTestClient(engine.listenAddress())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("HELO client.test")).startsWith("250");
            assertThat(c.send("MAIL FROM:<alice@sender.example>")).startsWith("250");
            assertThat(c.send("RCPT TO:<" + rcpt + ">")).startsWith("250");
            assertThat(c.send("DATA")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nhi\r\n.")).startsWith("250");
        }
    }

    @Test
    void rt4DevNullRouteThroughTheWholeEngine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ReferenceEngine engine = engine("example.com /dev/null", lines)) {
            submit(engine, "bob@example.com");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("Message finished MID 1 done"));
            assertThat(lines).containsSubsequence("MID 1 queued for delivery",
                    "MID 1 to RID [0] dropped by SMTP route /dev/null", "Message finished MID 1 done");
            assertThat(lines).noneMatch(l -> l.contains("DCID"));
            assertThat(engine.deliveryAgent().droppedRecipients()).isEqualTo(1);
        }
    }

    @Test
    void sel4EveryHostFailedHandsTheMessageToTheQueue() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0).start();
             FakeSmtpServer b = FakeSmtpServer.bind("127.0.0.1", 0).start()) {
            a.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
            b.on(Stage.RCPT).reply(452, "4.3.1 Mail system full");
            try (ReferenceEngine engine = engine("example.com 127.0.0.1:" + a.address().getPort() + "/pri=0, 127.0.0.1:"
                    + b.address().getPort() + "/pri=10", lines)) {
                submit(engine, "bob@example.com");
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> lines.stream().anyMatch(l -> l.startsWith("MID 1 to RID [0] pending till ")));
                assertThat(lines).containsSubsequence("Connection Error: DCID 1 domain: example.com IP: 127.0.0.1 port: "
                                + a.address().getPort() + " details: 452 4.3.1 Mail system full interface: 127.0.0.1 "
                                + "reason: unexpected SMTP response",
                        "Delayed: DCID 2 MID 1 From: <alice@sender.example> To: <bob@example.com> RID 0 - 4.3.1 - Mail "
                                + "system full ('452', ['4.3.1 Mail system full'])");
                assertThat(lines).noneMatch(l -> l.startsWith("Message finished"));
            }
        }
    }
}
