package dev.esakit.harness.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.cli.Conformance;
import dev.esakit.harness.world.Loopback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The harness keeps its traffic on loopback: every fake host of a scenario gets a 127.1.x.y address, and the
 * CLI commands that listen (serve, fake-smtp) refuse wildcard and outside addresses unless told
 * {@code --allow-non-loopback}. Nothing here binds outside loopback.
 */
class LoopbackOnlyTest {
    @Test
    void scenarioHostAddressesAreLoopback() throws Exception {
        for (int i = 0; i < 300; i++) {
            String address = Loopback.nextAddress();
            assertThat(address).matches("127\\.1\\.\\d{1,3}\\.\\d{1,3}");
            assertThat(InetAddress.getByName(address).isLoopbackAddress()).as(address).isTrue();
            assertThat(address).doesNotEndWith(".0").doesNotEndWith(".255");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:2525", "[::]:2525", "192.0.2.1:2525", "[::ffff:10.0.0.1]:2525"})
    void serveRefusesAWildcardOrOutsideListenWithoutTheFlag(String listen, @TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.txt"), "example.com 127.0.1.10/pri=0\n");
        assertThat(execute("serve", "--routes", routes.toString(), "--listen", listen,
                "--log-dir", dir.resolve("log").toString())).isEqualTo(2);
        assertThat(dir.resolve("log")).as("refused before anything was written").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:2525", "[::]:2525"})
    void fakeSmtpRefusesAWildcardListenWithoutTheFlag(String listen) throws Exception {
        assertThat(execute("fake-smtp", "--listen", listen)).isEqualTo(2);
    }

    private static int execute(String... args) throws Exception {
        CommandLine cli = new CommandLine(new Conformance()); // the listen checks return 2 themselves
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        // A command that did start would run until stopped: the bound turns that into a failure.
        return CompletableFuture.supplyAsync(() -> cli.execute(args)).get(20, TimeUnit.SECONDS);
    }
}
