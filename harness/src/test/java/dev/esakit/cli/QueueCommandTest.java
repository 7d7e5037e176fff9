package dev.esakit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code conformance queue ...} against a running engine (through its control directory) and a stopped one. */
class QueueCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeSmtpServer host;
    private ReferenceEngine engine;
    private Path spool;

    @BeforeEach
    void heldMessage() throws Exception {
        host = FakeSmtpServer.bind("127.0.0.1", 0);
        host.on(Stage.RCPT).matching("bob@example\\.com").times(1).reply(451, "4.3.0 Try again later");
        host.start();
        spool = dir.resolve("spool");
        int port = host.address().getPort();
        engine = ReferenceEngine.start(EngineConfig.builder()
                .routes(new RouteTable(SmtpRoutesParser.parse("example.com 127.0.0.1:" + port
                        + "\nsender.test 127.0.0.1:" + port, "test")))
                .logDir(dir.resolve("log")).spoolDir(spool).zone(ZoneOffset.UTC)
                .clock(new VirtualClock(Instant.parse("2026-12-04T10:00:00Z"))).build());
        submit();
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("pending till"));
    }

    private void submit() throws Exception {
        java.net.InetSocketAddress relay = engine.listenAddress();
        try (java.net.Socket s = new java.net.Socket(relay.getAddress(), relay.getPort())) {
            s.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            var w = s.getOutputStream();
            String[] script = {"EHLO t", "MAIL FROM:<alice@sender.test>", "RCPT TO:<bob@example.com>", "DATA",
                    "Subject: held\r\n\r\nbody\r\n.", "QUIT"};
            in.readLine();
            for (String line : script) {
                w.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                w.flush();
                String reply;
                do {
                    reply = in.readLine();
                } while (reply != null && reply.length() > 3 && reply.charAt(3) == '-');
            }
        }
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        host.close();
    }

    private int execute(String... args) {
        CommandLine cli = Conformance.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String log() throws Exception {
        return Files.readString(engine.mailLogPath(), StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEachRecipientWithItsAttemptsAndNextAttempt() {
        assertThat(execute("queue", "list", "--spool", spool.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("MID 1 from <alice@sender.test>",
                "RID 0 <bob@example.com> DELAYED, attempts 1, next attempt Fri Dec  4 10:01:00 2026",
                "1 message in the queue");
    }

    @Test
    void deliverNowRetriesAtOnceWhileTheEngineRuns() {
        assertThat(execute("queue", "deliver-now", "--spool", spool.toString(), "--domain", "example.com"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("1 message due now");
        await().atMost(Duration.ofSeconds(10)).until(() -> host.messages().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("Message finished MID 1 done"));
        assertThat(engine.queuedMessages()).isZero();
    }

    @Test
    void deliverNowForAnotherDomainTouchesNothing() {
        assertThat(execute("queue", "deliver-now", "--spool", spool.toString(), "--domain", "other.test"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("0 messages due now");
        assertThat(engine.queuedMessages()).isEqualTo(1);
    }

    @Test
    void bounceSendsADsnToTheSender() throws Exception {
        assertThat(execute("queue", "bounce", "--spool", spool.toString(), "--mid", "1")).isEqualTo(0);
        assertThat(out.toString()).contains("MID 1 bounced");
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("MID 2 was generated for bounce of MID 1"));
        assertThat(log()).contains("Bounced: DCID 0 MID 1 From: <alice@sender.test> To: <bob@example.com> RID 0"
                + " - 5.0.0 - Other or undefined status ('000', ['bounced by the operator'])");
        await().atMost(Duration.ofSeconds(10)).until(() -> host.messages().stream().anyMatch(m -> m.mailFrom().isEmpty()));
        assertThat(execute("queue", "delete", "--spool", spool.toString(), "--mid", "99")).isEqualTo(0);
        assertThat(out.toString()).contains("MID 99 is not in the queue");
    }

    @Test
    void deleteForgetsTheMessageWithoutADsn() throws Exception {
        assertThat(execute("queue", "delete", "--spool", spool.toString(), "--mid", "1")).isEqualTo(0);
        assertThat(out.toString()).contains("MID 1 deleted");
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("Message finished MID 1 done"));
        assertThat(log()).doesNotContain("generated for bounce");
        assertThat(engine.queuedMessages()).isZero();
    }

    @Test
    void withTheEngineStoppedListReadsTheSpoolAndOtherCommandsWaitForItsStart() {
        engine.close();
        engine = null;
        assertThat(execute("queue", "list", "--spool", spool.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("RID 0 <bob@example.com> DELAYED, attempts 1");
        assertThat(execute("queue", "delete", "--spool", spool.toString(), "--mid", "1")).isEqualTo(0);
        assertThat(out.toString()).contains("no engine is running");
        assertThat(spool.resolve("control")).isDirectoryContaining("glob:**.req");
    }

    @Test
    void aBadMidOrMissingSpoolIsAUsageError() {
        assertThat(execute("queue", "bounce", "--spool", spool.toString(), "--mid", "x")).isEqualTo(2);
        assertThat(execute("queue", "list", "--spool", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope").contains("no such directory");
    }
}
