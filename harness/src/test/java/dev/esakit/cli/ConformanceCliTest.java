package dev.esakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCliTest {
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Conformance.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void serveRejectsABrokenRoutesFileNamingTheLine(@TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.txt"),
                "# lab\nexample.com 127.0.1.10:2525/pri=0\nbroken.example 127.0.1.20:x/pri=0\n");
        int code = execute("serve", "--routes", routes.toString(), "--listen", "127.0.0.1:0",
                "--log-dir", dir.resolve("log").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(routes + ":3:").contains("127.0.1.20:x/pri=0");
    }

    @Test
    void serveRejectsABrokenBounceProfilesFileNamingTheLine(@TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.txt"), "example.com 127.0.1.10/pri=0\n");
        Path profiles = Files.writeString(dir.resolve("profiles.txt"), "profile slow initial-wait=300\nbogus line\n");
        int code = execute("serve", "--routes", routes.toString(), "--listen", "127.0.0.1:0",
                "--log-dir", dir.resolve("log").toString(), "--bounce-profiles", profiles.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(profiles + ":2");
    }

    @Test
    void serveRefusesANonLoopbackListenAddressWithoutTheFlag(@TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.txt"), "example.com 127.0.1.10/pri=0\n");
        int code = execute("serve", "--routes", routes.toString(), "--listen", "0.0.0.0:2525",
                "--log-dir", dir.resolve("log").toString());
        assertThat(code).isEqualTo(2);
    }

    @Test
    void aMalformedListenAddressIsAUsageError(@TempDir Path dir) {
        int code = execute("serve", "--routes", "r.txt", "--listen", "127.0.0.1", "--log-dir", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'127.0.0.1' is not HOST:PORT");
    }

    @Test
    void mergeOfAMissingRunIsAUsageError(@TempDir Path dir) {
        int code = execute("report", "merge", dir.resolve("nope").toString(), "--out", dir.resolve("m").toString(),
                "--rules", "../features/rules.yaml");
        assertThat(code).isEqualTo(2);
    }
}
