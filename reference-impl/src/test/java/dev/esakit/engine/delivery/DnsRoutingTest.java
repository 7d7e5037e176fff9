package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.fake.dns.FakeDnsServer;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RT-3, RT-4, RT-5 and SEL-5 against the fake DNS server and fake SMTP hosts on loopback. */
class DnsRoutingTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeDnsServer dns = FakeDnsServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer mx = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer other = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final DnsHostResolver resolver;

    DnsRoutingTest() {
        resolver = new DnsHostResolver(rig.group.next(), dns.address(), Duration.ofSeconds(5));
        rig.resolver = resolver;
        rig.settings = rig.settings.withMxPort(mx.address().getPort());
    }

    @AfterEach
    void stop() {
        resolver.close();
        rig.close();
        dns.close();
        mx.close();
        other.close();
    }

    @Test
    void rt3NoRouteGoesToTheMxHostsWhichAreNotRoutedAgain() {
        dns.mx("example.net", 10, "mx1.example.net").a("mx1.example.net", "127.0.0.1");
        // A route for the MX host's own name must not catch the MX result.
        String routes = "mx1.example.net 127.0.0.1:" + other.address().getPort() + "/pri=0";
        RecipientOutcome o = rig.deliver(routes, rig.message("bob@example.net")).get(0);
        assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(mx.messages()).hasSize(1);
        assertThat(other.connectionCount()).isZero();
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void rt3UseDnsRouteGoesToTheMxHostsInPreferenceOrder() {
        dns.mx("example.net", 20, "backup.example.net").mx("example.net", 10, "primary.example.net")
                .a("primary.example.net", "127.0.0.1").a("backup.example.net", "127.0.0.1");
        mx.on(Stage.GREETING).times(1).reply(452, "4.3.1 Mail system full");
        rig.deliver("example.net USEDNS", rig.message("bob@example.net"));
        // The primary's 452 marks 127.0.0.1:port down (SEL-6); the backup has that same address, so it is skipped.
        assertThat(mx.connectionCount()).as(String.join("\n", rig.lines)).isEqualTo(1);
        assertThat(rig.lines).anyMatch(l -> l.startsWith("Connection Error") && l.contains("domain: example.net"));
    }

    @Test
    void rt3ADomainWithoutMxIsItsOwnMailExchanger() {
        dns.a("example.net", "127.0.0.1");
        assertThat(rig.deliver("", rig.message("bob@example.net")).get(0)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(mx.messages()).hasSize(1);
    }

    @Test
    void rt3NxdomainBouncesWithDcidZeroAndServfailDelays() {
        dns.nxdomain("nowhere.example").servfail("broken.example");
        RecipientOutcome hard = rig.deliver("", rig.message("bob@nowhere.example")).get(0);
        RecipientOutcome soft = rig.deliver("", rig.message("bob@broken.example")).get(0);
        assertThat(hard).isInstanceOf(RecipientOutcome.Bounced.class);
        assertThat(soft).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.lines).containsExactly(
                "Bounced: DCID 0 MID 1 From: <alice@sender.example> To: <bob@nowhere.example> RID 0 - 5.1.2 - Bad "
                        + "destination host ('000', ['DNS Hard Error looking up nowhere.example (MX):  NXDomain'])",
                "Delayed: DCID 0 MID 2 From: <alice@sender.example> To: <bob@broken.example> RID 0 - 4.4.0 - Other "
                        + "network problem ('000', ['DNS Soft Error looking up broken.example (MX):  ServFail'])");
    }

    @Test
    void rt3MxHostsThatDoNotExistBounceButAMissingAddressOnlyDelays() {
        dns.mx("example.net", 10, "gone.example.net").nxdomain("gone.example.net");
        dns.mx("example.org", 10, "flaky.example.org").servfail("flaky.example.org");
        RecipientOutcome hard = rig.deliver("", rig.message("bob@example.net")).get(0);
        RecipientOutcome soft = rig.deliver("", rig.message("bob@example.org")).get(0);
        assertThat(hard).isInstanceOf(RecipientOutcome.Bounced.class);
        assertThat(((RecipientOutcome.Bounced) hard).status().enhancedCode()).isEqualTo("5.1.2");
        assertThat(soft).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.lines).hasSize(2);
        assertThat(rig.lines.get(0)).startsWith("Bounced: DCID 0 MID 1 ").contains("5.1.2 - Bad destination host");
        assertThat(rig.lines.get(1)).startsWith("Delayed: DCID 0 MID 2 ").contains("DNS Soft Error");
    }

    @Test
    void rt4DevNullDropsLogsAndCountsWithoutAConnection() {
        RecipientOutcome o = rig.deliver("example.com /dev/null", rig.message("bob@example.com", "carol@example.com"))
                .get(1);
        assertThat(o).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(rig.lines).containsExactly("MID 1 to RID [0, 1] dropped by SMTP route /dev/null");
        assertThat(rig.agent("").droppedRecipients()).isEqualTo(2);
        assertThat(mx.connectionCount()).isZero();
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void rt5AHostnameDestinationIsResolvedByMxThenA() {
        dns.mx("relay.example.com", 5, "in.relay.example.com").a("in.relay.example.com", "127.0.0.1");
        String routes = "example.com relay.example.com:" + mx.address().getPort() + "/pri=0";
        assertThat(rig.deliver(routes, rig.message("bob@example.com")).get(0))
                .isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(dns.queries()).extracting(q -> q.toString()).anyMatch(q -> q.contains("MX"));
        assertThat(mx.messages()).hasSize(1);
    }

    @Test
    void rt5AHostnameWithoutMxUsesItsAddressRecords() {
        dns.a("relay.example.com", "127.0.0.1");
        String routes = "example.com relay.example.com:" + mx.address().getPort() + "/pri=0";
        assertThat(rig.deliver(routes, rig.message("bob@example.com")).get(0))
                .isInstanceOf(RecipientOutcome.Delivered.class);
    }

    @Test
    void sel5EveryAddressOfAHostnameIsAHostOfItsTierInResolverOrder() {
        try (FakeSmtpServer second = FakeSmtpServer.bind("127.0.0.2", mx.address().getPort()).start()) {
            dns.a("relay.example.com", "127.0.0.1").a("relay.example.com", "127.0.0.2");
            mx.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
            String routes = "example.com relay.example.com:" + mx.address().getPort() + "/pri=0";
            assertThat(rig.deliver(routes, rig.message("bob@example.com")).get(0))
                    .isInstanceOf(RecipientOutcome.Delivered.class);
            assertThat(second.messages()).hasSize(1);
            assertThat(rig.lines.stream().filter(l -> l.startsWith("New SMTP DCID"))
                    .map(l -> l.replaceAll(".* address (\\S+) port.*", "$1")).toList())
                    .containsExactly("127.0.0.1", "127.0.0.2");
            rig.assertEveryConnectionClosedOnce();
        }
    }

    @Test
    void anUnresolvableRouteHostLeavesTheRecipientDelayedWithTheDnsError() {
        dns.nxdomain("gone.example.com");
        RecipientOutcome o = rig.deliver("example.com gone.example.com/pri=0", rig.message("bob@example.com")).get(0);
        assertThat(o).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.lines).singleElement().asString()
                .startsWith("Delayed: DCID 0 MID 1 ").contains("DNS Hard Error looking up gone.example.com (MX):  NXDomain");
    }
}
