package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.control.DestinationControlsParser;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.fake.smtp.Extension;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONN-3 (TLS No/Preferred/Required), FO-13 and CONN-4 (AUTH PLAIN/LOGIN only over TLS), over loopback. */
class TlsAndAuthTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer a = FakeSmtpServer.bind("127.0.0.1", 0).start();
    private final FakeSmtpServer b = FakeSmtpServer.bind("127.0.0.1", 0).start();

    @AfterEach
    void stop() {
        rig.close();
        a.close();
        b.close();
    }

    private String routes() {
        return DeliveryRig.primaryAndBackup(a, b);
    }

    private void controls(String text) {
        rig.controls = new DestinationControls(DestinationControlsParser.parse(text, "controls"));
    }

    @Test
    void fo13TlsRequiredButNotOfferedGoesToTheNextHost() {
        controls("example.com tls=required");
        b.offer(Extension.STARTTLS);
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(out.get(0)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(a.sawCommand(Stage.MAIL)).isFalse();
        assertThat(b.messages()).hasSize(1);
        assertThat(rig.normalized()).startsWith(
                "New SMTP DCID d1 interface 127.0.0.1 address 127.0.0.1 port " + a.address().getPort(),
                "DCID d1 IP 127.0.0.1 TLS was required but could not be successfully negotiated",
                "DCID d1 close",
                "New SMTP DCID d2 interface 127.0.0.1 address 127.0.0.1 port " + b.address().getPort());
        assertThat(rig.normalized().get(4)).matches("DCID d2 TLS success protocol TLSv1\\.[23] cipher TLS_\\w+");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void fo13StartTlsRefusedWithTlsRequiredIsLoggedTwiceAndFailsOver() {
        controls("example.com tls=required");
        a.offer(Extension.STARTTLS).on(Stage.STARTTLS).reply(454, "4.7.0 TLS not available");
        b.offer(Extension.STARTTLS);
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).containsSubsequence(
                "DCID d1 TLS failed: STARTTLS unexpected response",
                "DCID d1 IP 127.0.0.1 TLS was required but could not be successfully negotiated",
                "DCID d1 close");
        assertThat(b.messages()).hasSize(1);
        assertThat(rig.deliver(routes(), rig.message("carol@example.com")).get(0))
                .as("a is down now (SEL-6): b takes the next message at once")
                .isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(a.connectionCount()).isEqualTo(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void preferredUsesTlsWhenOfferedAndPlainTextOtherwise() {
        controls("example.com tls=preferred");
        a.offer(Extension.STARTTLS);
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.lines).anyMatch(l -> l.matches("DCID \\d+ TLS success protocol TLSv1\\.[23] cipher .+"));
        assertThat(a.messages()).hasSize(1);

        try (FakeSmtpServer plain = FakeSmtpServer.bind("127.0.0.1", 0).start();
             DeliveryRig other = new DeliveryRig()) {
            other.controls = rig.controls;
            other.deliver("example.com 127.0.0.1:" + plain.address().getPort() + "/pri=0", other.message("bob@example.com"));
            assertThat(plain.messages()).hasSize(1);
            assertThat(other.lines).noneMatch(l -> l.contains("TLS"));
        }
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void preferredFallsBackToPlainTextWhenStartTlsIsRefused() {
        controls("example.com tls=preferred");
        a.offer(Extension.STARTTLS).on(Stage.STARTTLS).reply(454, "4.7.0 TLS not available");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(rig.normalized()).contains("DCID d1 TLS failed: STARTTLS unexpected response",
                "Message done DCID d1 MID 1 to RID [0]");
        assertThat(a.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void noTlsNeverSendsStartTls() {
        a.offer(Extension.STARTTLS);
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.STARTTLS)).isFalse();
        assertThat(a.messages()).hasSize(1);
    }

    @Test
    void conn4AuthPlainOverTls() {
        controls("auth-profile relay user=alice password=s3cret\nexample.com tls=required auth=relay");
        a.offer(Extension.STARTTLS, Extension.AUTH_PLAIN).credentials("alice", "s3cret");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.AUTH)).isTrue();
        assertThat(a.messages()).hasSize(1);
        assertThat(String.join("\n", rig.lines)).doesNotContain("s3cret");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn4AuthLoginOverTls() {
        controls("auth-profile relay user=alice password=s3cret\nexample.com tls=preferred auth=relay");
        a.offer(Extension.STARTTLS, Extension.AUTH_LOGIN).credentials("alice", "s3cret");
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.AUTH)).isTrue();
        assertThat(a.messages()).hasSize(1);
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn4CredentialsNeverGoOutWithoutTls() {
        controls("auth-profile relay user=alice password=s3cret\nexample.com tls=no auth=relay");
        a.offer(Extension.AUTH_PLAIN);
        b.offer(Extension.AUTH_PLAIN);
        Map<Integer, RecipientOutcome> out = rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.sawCommand(Stage.AUTH)).isFalse();
        assertThat(b.sawCommand(Stage.AUTH)).isFalse();
        assertThat(a.sawCommand(Stage.MAIL)).isFalse();
        assertThat(out.get(0)).isInstanceOf(RecipientOutcome.Delayed.class);
        assertThat(rig.normalized().get(1)).contains("details: AUTH profile relay needs TLS; credentials not sent");
        rig.assertEveryConnectionClosedOnce();
    }

    @Test
    void conn4RefusedLoginIsAHostFailure() {
        controls("auth-profile relay user=alice password=wrong\nexample.com tls=required auth=relay");
        a.offer(Extension.STARTTLS, Extension.AUTH_PLAIN).credentials("alice", "s3cret");
        b.offer(Extension.STARTTLS);
        rig.deliver(routes(), rig.message("bob@example.com"));
        assertThat(a.messages()).isEmpty();
        assertThat(b.messages()).hasSize(1);
        assertThat(rig.normalized()).anyMatch(l -> l.startsWith("Connection Error: DCID d1 ")
                && l.contains("details: 535 5.7.8 Error: authentication failed"));
        rig.assertEveryConnectionClosedOnce();
    }
}
