package dev.esakit.fake.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esakit.fake.cli.FakeSmtpCommand;
import dev.esakit.fake.dns.FakeDnsServer;
import dev.esakit.fake.smtp.FakeSmtpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * The fake servers never become a service on the network by accident: the wildcard addresses (which would
 * listen on every interface), an IPv4-mapped outside address and private addresses are refused without the
 * explicit flag, by the Java API, the CLI and a script's {@code listen:}. The tests only try to bind; nothing is
 * started on a non-loopback address.
 */
class LoopbackOnlyTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "0:0:0:0:0:0:0:0", "::ffff:10.0.0.1", "10.0.0.1", "192.0.2.1"})
    void fakeSmtpServerRefusesANonLoopbackOrWildcardAddress(String address) {
        assertThatThrownBy(() -> FakeSmtpServer.bind(address, 0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowNonLoopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "::ffff:10.0.0.1", "192.0.2.53"})
    void fakeDnsServerRefusesANonLoopbackOrWildcardAddress(String address) {
        assertThatThrownBy(() -> FakeDnsServer.bind(address, 0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowNonLoopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.3.4.5", "::1", "localhost", "::ffff:127.0.0.1"})
    void everyLoopbackFormBinds(String address) {
        try (FakeSmtpServer server = FakeSmtpServer.bind(address, 0).start()) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:2525", "[::]:2525"})
    void fakeSmtpCommandRefusesAWildcardListenWithoutTheFlag(String listen) throws Exception {
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--listen", listen)).isEqualTo(2);
        assertThat(err.toString()).contains("--allow-non-loopback");
    }

    @Test
    void aScriptsListenAddressIsHeldToTheSameRule(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("wide.yaml"), "listen: 0.0.0.0:2525\nrules: []\n");
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--script", script.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("0.0.0.0").contains("--allow-non-loopback");
    }

    private static int execute(StringWriter err, String... args) throws Exception {
        CommandLine cli = new CommandLine(new FakeSmtpCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        // A command that did start would run until stopped: the bound here turns that into a failure.
        return CompletableFuture.supplyAsync(() -> cli.execute(args)).get(10, TimeUnit.SECONDS);
    }
}
