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
}
