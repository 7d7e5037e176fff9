package dev.esakit.harness.target.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetProfileReaderTest {
    private static final String VALID = """
            name: lab-relay
            submit:
              address: 127.0.0.1:2525
            routes:
              mode: generated
              generator: postfix
              directory: ${RELAY_DIR:-instance}
              listen: 127.0.0.1:2525
              apply: [bin/apply.sh, "{directory}"]
            lifecycle:
              start: [bin/start.sh, "{directory}"]
            log:
              source: file
              path: "{directory}/log/maillog"
              dialect: postfix
            timing:
              timeScale: 0.1
              maxPassTime: 2m
              bounceProfile: {initialWait: 6s, maxWait: 360s, maxTimeInQueue: 7.2h, maxRetries: none}
            ledger: lab-ledger.yaml
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("profile.yaml"), text);
    }

    private TargetProfile read(String text, Map<String, String> env) throws IOException {
        return new TargetProfileReader(env).load(write(text));
    }

    @Test
    void theShippedPostfixProfileReads() {
        TargetProfile p = TargetProfileReader.read(Path.of("../targets/postfix.yaml"));
        assertThat(p.name()).isEqualTo("postfix");
        assertThat(p.routes().mode()).isEqualTo(TargetProfile.RouteMode.GENERATED);
        assertThat(p.submit().address()).isEqualTo(p.routes().listen());
        assertThat(p.log().dialect()).isEqualTo("postfix");
        assertThat(p.ledger()).exists();
        assertThat(Path.of(p.lifecycle().start().get(0))).isAbsolute().isExecutable();
        assertThat(ExpectedResultsLedger.read(p.ledger()).target()).isEqualTo("postfix");
    }

    @Test
    void pathsResolveAgainstTheProfileAndVariablesExpand() throws IOException {
        TargetProfile p = read(VALID, Map.of());
        Path instance = dir.resolve("instance");
        assertThat(p.routes().directory()).isEqualTo(instance);
        assertThat(p.routes().apply()).containsExactly(dir.resolve("bin/apply.sh").toString(), instance.toString());
        assertThat(p.lifecycle().start()).containsExactly(dir.resolve("bin/start.sh").toString(), instance.toString());
        assertThat(p.lifecycle().stop()).isEmpty();
        assertThat(p.log().path()).isEqualTo(instance.resolve("log/maillog"));
        assertThat(p.timing().maxPassTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.timing().bounceProfile().maxTimeInQueue()).isEqualTo(Duration.ofMinutes(432));
        assertThat(p.timing().bounceProfile().maxRetries()).isNull();
        assertThat(p.ledger()).isEqualTo(dir.resolve("lab-ledger.yaml"));
        assertThat(read(VALID, Map.of("RELAY_DIR", "/srv/relay")).routes().directory()).isEqualTo(Path.of("/srv/relay"));
    }

    @Test
    void aManualProfileListsTheFixedHostAddresses() throws IOException {
        TargetProfile p = read("""
                name: esa-lab
                submit: {address: "127.0.0.1:25"}
                routes:
                  mode: manual
                  hosts:
                    mx-a: 127.0.0.1:2601
                    mx-b: "[::1]:2602"
                log: {source: syslog, listen: "127.0.0.1:5514", dialect: esa}
                timing:
                  bounceProfile: {initialWait: 60s, maxWait: 3600s, maxTimeInQueue: 259200s, maxRetries: 100}
                """, Map.of());
        assertThat(p.routes().hosts()).containsOnlyKeys("mx-a", "mx-b");
        assertThat(p.routes().hosts().get("mx-b").getPort()).isEqualTo(2602);
        assertThat(p.log().protocols()).containsExactly("udp", "tcp");
        assertThat(p.timing().timeScale()).isEqualTo(1.0);
        assertThat(p.timing().bounceProfile().maxRetries()).isEqualTo(100);
        assertThat(p.ledger()).isNull();
    }

    private void fails(String text, String... parts) throws IOException {
        Path file = write(text);
        assertThatThrownBy(() -> new TargetProfileReader(Map.of()).load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString() + ":")
                .satisfies(e -> assertThat(e.getMessage()).contains(List.of(parts)));
    }

    @Test
    void problemsNameTheFileTheLineAndTheKey() throws IOException {
        fails(VALID.replace("address: 127.0.0.1:2525", "address: 127.0.0.1:70000"),
                "profile.yaml:3 (submit.address)", "not in 1..65535");
        fails(VALID.replace("dialect: postfix", "dialect: exim"), ":15 (log.dialect)", "unknown dialect 'exim'");
        fails(VALID.replace("  timeScale: 0.1", "  timescale: 0.1"), ":17 (timing.timescale)", "unknown key 'timescale'",
                "timeScale");
        fails(VALID.replace("maxPassTime: 2m", "maxPassTime: soon"), ":18 (timing.maxPassTime)",
                "'soon' is not a duration");
        fails(VALID.replace("mode: generated", "mode: magic"), ":5 (routes.mode)", "generated or manual");
        fails(VALID.replace("  listen: 127.0.0.1:2525", "  listen: 127.0.0.1:2626"), ":8 (routes.listen)",
                "should be the same");
        fails(VALID.replace("directory: ${RELAY_DIR:-instance}", "directory: ${RELAY_DIR}"), ":7 (routes.directory)",
                "RELAY_DIR is not set");
        fails(VALID.replace("timing:\n", "timing: [\n"), "profile.yaml:", "expected");
    }

    @Test
    void aSyslogReceiverOnTheNetworkMustBeAskedFor() throws IOException {
        String profile = """
                name: esa
                submit: {address: "127.0.0.1:25"}
                routes: {mode: manual, hosts: {mx-a: "127.0.0.1:2601"}}
                log: {source: syslog, listen: "192.0.2.10:514", dialect: esa}
                timing: {bounceProfile: {initialWait: 60s, maxWait: 3600s, maxTimeInQueue: 3d}}
                """;
        fails(profile, ":4 (log.listen)", "allowNonLoopback: true");
        TargetProfile allowed = read(profile.replace("dialect: esa}", "dialect: esa, allowNonLoopback: true}"), Map.of());
        assertThat(allowed.log().allowNonLoopback()).isTrue();
    }
}
