package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.control.DestinationControlsParser;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONN-1, CONN-2 and CONN-5 over loopback. */
class ConnectionsTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0).start();

    @AfterEach
    void stop() {
        rig.close();
        a.close();
    }

    private String routes() {
        return "example.com 127.0.0.1:" + a.address().getPort() + "/pri=0";
    }

    @Test
    void conn1OneConnectionCarriesSeveralMessages() {
        for (int i = 0; i < 3; i++) {
            rig.deliver(routes(), rig.message("bob@example.com"));
        }
        assertThat(a.connectionCount()).isEqualTo(1);
        assertThat(a.messages()).hasSize(3);
        assertThat(rig.normalized()).containsSubsequence("Delivery start DCID d1 MID 1 to RID [0]",
                "Delivery start DCID d1 MID 2 to RID [0]", "Delivery start DCID d1 MID 3 to RID [0]");
        assertThat(rig.lines).noneMatch(l -> l.endsWith(" close"));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn1AConnectionCarriesAtMostTheLimitThenANewOneOpens() {
        rig.settings = rig.settings.withMaxMessagesPerConnection(2);
        for (int i = 0; i < 5; i++) {
            rig.deliver(routes(), rig.message("bob@example.com"));
        }
        assertThat(a.connectionCount()).isEqualTo(3);
        assertThat(rig.normalized()).containsSubsequence("Delivery start DCID d1 MID 2 to RID [0]", "DCID d1 close",
                "Delivery start DCID d2 MID 3 to RID [0]");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn1AnIdleConnectionClosesWithQuitAfterTheIdleTimeout() {
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.lines).noneMatch(l -> l.endsWith(" close"));
        rig.clock.advance(rig.settings.idleTimeout());
        assertThat(rig.normalized()).last().isEqualTo("DCID d1 close");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.sawCommand(Stage.QUIT));
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.connectionCount()).isEqualTo(2);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn1AServerThatHangsUpAfterEachMessageIsNotReusedBlindly() {
        a.on(Stage.DATA_END).replyAndClose(250, "2.0.0 Ok, bye");
        for (int i = 0; i < 3; i++) {
            assertThat(rig.deliver(routes(), rig.message("bob@example.com")).get(0))
                    .isInstanceOf(RecipientOutcome.Delivered.class);
        }
        assertThat(a.connectionCount()).isEqualTo(3);
        assertThat(rig.lines).noneMatch(l -> l.startsWith("Delayed"));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn2ConcurrentConnectionsPerDomainAreLimited() throws Exception {
        rig.controls = new DestinationControls(DestinationControlsParser.parse("example.com max-connections=1", "c"));
        a.on(Stage.DATA_END).delay(Duration.ofMillis(100)).replyDefault();
        List<CompletableFuture<Map<Integer, RecipientOutcome>>> all = new ArrayList<>();
        DeliveryAgent agent = rig.agent(routes());
        for (int i = 0; i < 4; i++) {
            QueuedMessage m = rig.message("bob@example.com");
            all.add(agent.deliver(m, DeliveryRig.CONTENT.getBytes(StandardCharsets.US_ASCII), List.of(0)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(a.messages()).hasSize(4);
        assertThat(a.connectionCount()).as("one connection at a time; it carried every message").isEqualTo(1);
        assertThat(rig.normalized()).filteredOn(l -> l.startsWith("Delivery start DCID d1")).hasSize(4);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn2WithoutALimitConcurrentMessagesOpenConcurrentConnections() throws Exception {
        a.on(Stage.DATA_END).delay(Duration.ofMillis(100)).replyDefault();
        List<CompletableFuture<Map<Integer, RecipientOutcome>>> all = new ArrayList<>();
        DeliveryAgent agent = rig.agent(routes());
        for (int i = 0; i < 4; i++) {
            all.add(agent.deliver(rig.message("bob@example.com"),
                    DeliveryRig.CONTENT.getBytes(StandardCharsets.US_ASCII), List.of(0)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(a.connectionCount()).isEqualTo(4);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn2TheSystemWideLimitCountsEveryDomain() throws Exception {
        rig.settings = rig.settings.withMaxConnections(1);
        a.on(Stage.DATA_END).delay(Duration.ofMillis(100)).replyDefault();
        String routes = "example.com 127.0.0.1:" + a.address().getPort() + "/pri=0\nexample.org 127.0.0.1:"
                + a.address().getPort() + "/pri=0";
        DeliveryAgent agent = rig.agent(routes);
        List<CompletableFuture<Map<Integer, RecipientOutcome>>> all = new ArrayList<>();
        for (String rcpt : List.of("bob@example.com", "bob@example.org", "carol@example.com", "carol@example.org")) {
            all.add(agent.deliver(rig.message(rcpt), DeliveryRig.CONTENT.getBytes(StandardCharsets.US_ASCII), List.of(0)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(a.messages()).hasSize(4);
        List<String> openClose = rig.normalized().stream()
                .filter(l -> l.startsWith("New SMTP DCID") || l.matches("DCID d\\d+ close")).toList();
        for (int i = 0; i < openClose.size(); i++) {
            assertThat(openClose.get(i)).as("%s", openClose).startsWith(i % 2 == 0 ? "New SMTP" : "DCID");
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void rt1AnIpv6DestinationWithAPort() {
        try (FakeSmtpServer v6 = FakeSmtpServer.bind("::1", 0).start()) {
            int port = v6.address().getPort();
            assertThat(rig.deliver("example.com [::1]:" + port + "/pri=0", rig.message("bob@example.com")).get(0))
                    .isInstanceOf(RecipientOutcome.Delivered.class);
            assertThat(rig.lines.get(0)).isEqualTo("New SMTP DCID 1 interface ::1 address ::1 port " + port);
            rig.assertEveryConnectionClosedOnce();
        }
    }

    @Test
    void conn5AtMostOneHundredRecipientsATransaction() {
        String[] rcpts = IntStream.range(0, 150).mapToObj(i -> "u" + i + "@example.com").toArray(String[]::new);
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message(rcpts));
        assertThat(out).hasSize(150).allSatisfy((rid, o) -> assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class));
        assertThat(a.messages()).extracting(m -> m.recipients().size()).containsExactly(100, 50);
        assertThat(a.connectionCount()).isEqualTo(1);
        assertThat(rig.lines).filteredOn(l -> l.startsWith("Delivery start")).hasSize(2);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn5MailFromDeclaresSizeAndEightBitBodyWhenOffered() {
        String content = "Subject: caf\u00e9\r\n\r\nna\u00efve\r\n";
        rig.deliver(routes(), rig.message("bob@example.com"), content);
        int size = content.getBytes(StandardCharsets.UTF_8).length;
        assertThat(a.transcripts().get(0).texts(Direction.CLIENT))
                .contains("MAIL FROM:<alice@sender.example> SIZE=" + size + " BODY=8BITMIME");

        try (FakeSmtpServer plain = FakeSmtpServer.bind("127.0.0.1", 0).start();
             DeliveryRig other = new DeliveryRig()) {
            plain.withhold(Extension.SIZE, Extension.EIGHTBITMIME, Extension.PIPELINING);
            other.deliver("example.com 127.0.0.1:" + plain.address().getPort() + "/pri=0",
                    other.message("bob@example.com"));
            assertThat(plain.transcripts().get(0).texts(Direction.CLIENT)).contains("MAIL FROM:<alice@sender.example>");
            assertThat(plain.messages()).hasSize(1);
        }
    }

    @Test
    void conn5AStageTimeoutIsPerStage() {
        rig.settings = rig.settings.withCommandTimeout(Duration.ofMillis(2000));
        a.on(Stage.RCPT).hang();
        RecipientOutcome o = rig.deliver(routes(), rig.message("bob@example.com")).get(0);
        assertThat(o).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.lines).anyMatch(l -> l.endsWith("- 4.4.0 - Other network problem ('000', ['timeout'])"));
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn5DataBlockTimeoutWhenTheServerStopsReading() throws Exception {
        rig.settings = rig.settings.withDataBlockTimeout(Duration.ofMillis(500)).withDataEndTimeout(Duration.ofSeconds(60));
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Void> clientGaveUp = new CompletableFuture<>();
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = raw.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    var out = s.getOutputStream();
                    out.write("220 stalls ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (String line; (line = in.readLine()) != null; ) {
                        String reply = line.startsWith("DATA") ? "354 go on" : "250 ok";
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (line.startsWith("DATA")) {
                            break; // and never read again: the client's writes back up
                        }
                    }
                    clientGaveUp.get(30, TimeUnit.SECONDS); // reads nothing meanwhile
                } catch (Exception e) {
                    // the client reset the connection: expected
                }
            });
            String body = "Subject: big\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(24_000);
            RecipientOutcome o = rig.deliver("example.com 127.0.0.1:" + raw.getLocalPort() + "/pri=0",
                    rig.message("bob@example.com"), body).get(0);
            clientGaveUp.complete(null);
            assertThat(o).isInstanceOf(RecipientOutcome.Delayed.class);
            assertThat(rig.lines).anyMatch(l -> l.endsWith("- 4.4.0 - Other network problem ('000', ['timeout'])"));
            server.get(10, TimeUnit.SECONDS);
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn5PipeliningSendsEveryRcptBeforeTheReplyToMail() throws Exception {
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<List<String>> beforeMailReply = CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = raw.accept()) {
                    s.setSoTimeout(5_000); // hang guard
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    var out = s.getOutputStream();
                    out.write("220 raw ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // EHLO
                    out.write("250-raw\r\n250 PIPELINING\r\n".getBytes(StandardCharsets.US_ASCII));
                    List<String> seen = new ArrayList<>();
                    seen.add(in.readLine()); // MAIL FROM, not answered yet
                    seen.add(in.readLine()); // must arrive without a reply to MAIL
                    seen.add(in.readLine());
                    out.write("250 ok\r\n250 ok\r\n250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // DATA
                    out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                        // content
                    }
                    out.write("250 kept\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        out.write((l.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (l.startsWith("QUIT")) {
                            break;
                        }
                    }
                    return seen;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RecipientOutcome o = rig.deliver("example.com 127.0.0.1:" + raw.getLocalPort() + "/pri=0",
                    rig.message("bob@example.com", "carol@example.com")).get(1);
            assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class);
            rig.assertEveryConnectionClosedOnce();
            assertThat(beforeMailReply.get(10, TimeUnit.SECONDS)).containsExactly("MAIL FROM:<alice@sender.example>",
                    "RCPT TO:<bob@example.com>", "RCPT TO:<carol@example.com>");
        }
    }

    @Test
    void conn5TooLargeForTheServerIsItsVerdict() {
        a.sizeLimit(10);
        RecipientOutcome o = rig.deliver(routes(), rig.message("bob@example.com")).get(0);
        assertThat(o).isInstanceOf(RecipientOutcome.Bounced.class);
        assertThat(((RecipientOutcome.Bounced) o).status().enhancedCode()).startsWith("5.");
    }
}
