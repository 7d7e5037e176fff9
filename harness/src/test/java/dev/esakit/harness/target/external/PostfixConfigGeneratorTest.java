package dev.esakit.harness.target.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esakit.harness.target.RouteSpec;
import dev.esakit.harness.target.RouteSpec.Host;
import dev.esakit.harness.target.TargetSetup;
import dev.esakit.harness.target.UnsupportedSetting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostfixConfigGeneratorTest {
    @TempDir
    Path dir;

    private PostfixConfigGenerator generator() {
        return new PostfixConfigGenerator(dir, new InetSocketAddress("127.0.0.1", 10025),
                new TargetProfile.BounceProfile(Duration.ofSeconds(6), Duration.ofSeconds(360),
                        Duration.ofMinutes(432), null), 0.1);
    }

    @Test
    void aRouteBecomesANexthopListInPriorityOrder() throws IOException {
        List<String> notes = generator().write(List.of(new RouteSpec("example.com", List.of(
                new Host("mx-b", "127.1.0.2", 2602, 10), new Host("mx-a", "127.1.0.1", 2601, 0)))));
        assertThat(notes).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("etc/transport")))
                .contains("example.com smtp:[127.1.0.1]:2601, [127.1.0.2]:2602");
        assertThat(Files.readString(dir.resolve("etc/main.cf")))
                .contains("smtp_connection_cache_destinations = 127.1.0.2 127.1.0.1 example.com\n");
        assertThat(Files.readAllLines(dir.resolve("etc/relay_domains"))).containsExactly("example.com ok");
        assertThat(Files.readString(dir.resolve("etc/master.cf"))).startsWith("# Generated")
                .contains("\n127.0.0.1:10025 inet n - n - - smtpd\n");
    }

    @Test
    void mainCfCarriesTheLabTimingsTheLogFileAndLoopbackOnly() throws IOException {
        generator().write(List.of());
        String main = Files.readString(dir.resolve("etc/main.cf"));
        assertThat(main).contains("minimal_backoff_time = 6s\n", "maximal_backoff_time = 360s\n",
                "queue_run_delay = 3s\n", "maximal_queue_lifetime = 25920s\n", "inet_interfaces = loopback-only\n",
                "maillog_file = " + dir + "/log/maillog\n", "maillog_file_prefixes = " + dir + "/log\n",
                "queue_directory = " + dir + "/queue\n", "smtpd_relay_restrictions = reject_unauth_destination\n");
        assertThat(Files.readString(dir.resolve("etc/transport"))).doesNotContain("smtp:");
    }

    @Test
    void equalPrioritiesAreApproximatedAndSaidSo() throws IOException {
        List<String> notes = generator().write(List.of(new RouteSpec("example.com", List.of(
                new Host("mx-a", "127.1.0.1", 25, 10), new Host("mx-b", "127.1.0.2", 25, 10)))));
        assertThat(notes).singleElement().asString().contains("mx-a, mx-b share priority 10")
                .contains("no per-connection round robin, SEL-2");
    }

    @Test
    void aScenariosBounceProfileIsScaledTlsAndAuthGoPerDestinationAndWhatPostfixLacksIsRefused() throws IOException {
        RouteSpec route = new RouteSpec("example.com", List.of(new Host("mx-a", "127.1.0.1", 2601, 0)))
                .withTls(RouteSpec.TlsPolicy.REQUIRED).withAuth(new RouteSpec.Credentials("relay", "s3cret"));
        List<String> notes = generator().write(new TargetSetup(List.of(route), List.of(),
                new TargetSetup.BounceSettings(null, Duration.ofSeconds(100), Duration.ofSeconds(60),
                        Duration.ofSeconds(60), null), null, List.of(), null, null, null, null));
        assertThat(notes).singleElement().asString().contains("Q-2");
        String main = Files.readString(dir.resolve("etc/main.cf"));
        assertThat(main).contains("minimal_backoff_time = 6s\n", "maximal_backoff_time = 6s\n",
                "maximal_queue_lifetime = 10s\n", "smtp_sasl_auth_enable = yes\n");
        assertThat(Files.readAllLines(dir.resolve("etc/tls_policy"))).containsExactly("[127.1.0.1]:2601 encrypt");
        assertThat(Files.readAllLines(dir.resolve("etc/sasl_passwd"))).containsExactly("[127.1.0.1]:2601 relay:s3cret");
        assertThatThrownBy(() -> generator().write(new TargetSetup(List.of(route), List.of(),
                new TargetSetup.BounceSettings(2, null, null, null, null), null, List.of(), null, null, null, null)))
                .isInstanceOf(UnsupportedSetting.class).hasMessageContaining("maximum retries 2");
        assertThatThrownBy(() -> generator().write(new TargetSetup(List.of(), List.of(), null, null,
                List.of(new TargetSetup.DnsRecord("example.com", "MX", "10 mx.example.com")), null, null, null, null)))
                .isInstanceOf(UnsupportedSetting.class).hasMessageContaining("DNS records");
    }

    @Test
    void theDefaultRouteOpensRelayingForLoopbackAndIpv6UsesPostfixsForm() throws IOException {
        List<String> notes = generator().write(List.of(new RouteSpec("ALL", List.of(new Host("mx-a", "::1", 2601, 0)))));
        assertThat(notes).singleElement().asString().startsWith("route ALL:");
        assertThat(Files.readAllLines(dir.resolve("etc/transport"))).contains("* smtp:[ipv6:::1]:2601");
        assertThat(Files.readString(dir.resolve("etc/main.cf")))
                .contains("smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n")
                .contains("inet_protocols = all\n")
                // "::1" in this list would be read as a lookup table, and every smtp process would die on it
                .contains("smtp_connection_cache_destinations = \n");
    }
}
