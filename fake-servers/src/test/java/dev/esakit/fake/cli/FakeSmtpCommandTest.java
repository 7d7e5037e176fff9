package dev.esakit.fake.cli;

import dev.esakit.fake.smtp.WireClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The command as the lead's CLI runs it: real options, real port, output on its writers. */
class FakeSmtpCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");

    private record Run(FakeSmtpCommand command, StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {}

    private static Run run(String... args) {
        FakeSmtpCommand command = new FakeSmtpCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
        return new Run(command, out, err, exit);
    }

    @Test
    void seedScriptAnswersWithTheBannerAndPrintsTheTranscript() throws Exception {
        Run run = run("--listen", "127.0.0.1:0", "--script", "examples/seed-host-a.yaml");
        await().until(() -> LISTENING.matcher(run.out().toString()).find());
        Matcher m = LISTENING.matcher(run.out().toString());
        assertThat(m.find()).isTrue();
        InetSocketAddress address = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
        try (WireClient c = WireClient.connect(address)) {
            assertThat(new String(c.readRawReply(), StandardCharsets.US_ASCII))
                    .isEqualTo("452-example.com ESMTP\r\n452 4.3.1 Mail system full\r\n");
            assertThat(c.command("QUIT").code()).isEqualTo(221);
        }
        await().until(() -> run.out().toString().contains("#1 C: QUIT"));
        assertThat(run.out().toString()).contains("#1 S: 452-example.com ESMTP", "#1 S: 452 4.3.1 Mail system full");
        run.command().stop();
        assertThat(run.exit().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void badScriptExitsWithTwoNamingFileAndLine() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bad", ".yaml");
        try {
            java.nio.file.Files.writeString(file, "rules:\n  - on: nowhere\n    reply: 250 ok\n");
            Run run = run("--listen", "127.0.0.1:0", "--script", file.toString());
            assertThat(run.exit().get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(run.err().toString()).contains(file + ":2:").contains("unknown stage 'nowhere'");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void nonLoopbackListenNeedsTheFlag() throws Exception {
        Run run = run("--listen", "192.0.2.1:2525");
        assertThat(run.exit().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(run.err().toString()).contains("192.0.2.1").contains("--allow-non-loopback");
    }

    @Test
    void malformedListenIsRefused() throws Exception {
        Run run = run("--listen", "localhost");
        assertThat(run.exit().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(run.err().toString()).contains("HOST:PORT");
    }
}
