package dev.esakit.fake.smtp;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** ESMTP extensions offered or withheld, and the behaviour behind STARTTLS, AUTH and SIZE. */
class ExtensionTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withNoExtensionsEhloIsOneLineAndRepliesCarryNoEnhancedCodes() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).extensions(EnumSet.noneOf(Extension.class)).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("EHLO client.test").lines()).containsExactly("250 fake-smtp.test greets client.test");
            assertThat(c.command("MAIL FROM:<a@x>").last()).isEqualTo("250 Ok");
            assertThat(c.command("STARTTLS").code()).isEqualTo(502);
            assertThat(c.command("AUTH PLAIN " + b64("\0u\0p")).code()).isEqualTo(502);
        }
    }

    @Test
    void everyExtensionCanBeOffered() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0)
                .offer(Extension.STARTTLS, Extension.AUTH_PLAIN, Extension.AUTH_LOGIN).sizeLimit(5000).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("EHLO client.test").lines()).containsExactly(
                    "250-fake-smtp.test greets client.test", "250-PIPELINING", "250-SIZE 5000", "250-8BITMIME",
                    "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250 ENHANCEDSTATUSCODES");
        }
    }

    @Test
    void withheldExtensionDisappearsFromEhlo() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).withhold(Extension.PIPELINING, Extension.SIZE).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("EHLO client.test").lines()).containsExactly(
                    "250-fake-smtp.test greets client.test", "250-8BITMIME", "250 ENHANCEDSTATUSCODES");
        }
    }

    @Test
    void sizeLimitRefusesADeclaredOversizeMessageAndAnOversizeBody() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).sizeLimit(10).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<a@x> SIZE=11").last()).isEqualTo("552 5.3.4 Message size exceeds fixed limit");
            assertThat(c.command("MAIL FROM:<a@x> SIZE=10").code()).isEqualTo(250);
            c.command("RCPT TO:<b@y>");
            c.command("DATA");
            c.sendRaw("0123456789abcdef\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply().code()).isEqualTo(552);
            assertThat(host.messages()).isEmpty();
        }
    }

    @Test
    void startTlsWithSelfSignedCertificateThenMailOverTls() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).offer(Extension.STARTTLS).start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            assertThat(c.command("EHLO client.test").lines()).contains("250-STARTTLS");
            assertThat(c.command("STARTTLS").last()).isEqualTo("220 2.0.0 Ready to start TLS");
            SSLSession tls = c.startTls();
            assertThat(tls.getProtocol()).startsWith("TLS");
            assertThat(tls.getPeerCertificates()).hasSize(1);
            // The session starts afresh: STARTTLS is no longer offered, the transaction works.
            assertThat(c.command("EHLO client.test").lines()).doesNotContain("250-STARTTLS");
            assertThat(c.command("MAIL FROM:<a@x>").code()).isEqualTo(250);
            assertThat(c.command("RCPT TO:<b@y>").code()).isEqualTo(250);
            assertThat(c.command("DATA").code()).isEqualTo(354);
            c.sendRaw("secret\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply().code()).isEqualTo(250);
            assertThat(host.messages().get(0).contentAsString()).isEqualTo("secret\r\n");
            assertThat(host.sawCommand(Stage.STARTTLS)).isTrue();
            assertThat(host.transcripts().get(0).texts(Direction.EVENT)).anySatisfy(e -> assertThat(e).startsWith("TLS established: TLSv1"));
            // The transcript holds the plaintext of what went through TLS.
            assertThat(host.transcripts().get(0).texts(Direction.CLIENT)).contains("secret");
        }
    }

    @Test
    void startTlsCanBeRefusedByRule() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).offer(Extension.STARTTLS).start();
             WireClient c = WireClient.connect(host.address())) {
            host.on(Stage.STARTTLS).reply(454, "4.7.0 TLS not available due to temporary reason");
            c.readReply();
            c.command("EHLO client.test");
            assertThat(c.command("STARTTLS").code()).isEqualTo(454);
            assertThat(c.command("NOOP").code()).isEqualTo(250); // still plaintext
        }
    }

    @Test
    void authPlainWithInitialResponseAndInTwoSteps() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).offer(Extension.AUTH_PLAIN)
                .credentials("user", "secret").start()) {
            try (WireClient c = WireClient.connect(host.address())) {
                c.readReply();
                c.command("EHLO client.test");
                assertThat(c.command("AUTH PLAIN " + b64("\0user\0wrong")).last()).isEqualTo("535 5.7.8 Error: authentication failed");
                assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret")).last()).isEqualTo("235 2.7.0 Authentication successful");
                assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret")).code()).isEqualTo(503);
            }
            try (WireClient c = WireClient.connect(host.address())) {
                c.readReply();
                c.command("EHLO client.test");
                assertThat(c.command("AUTH PLAIN").lines()).containsExactly("334 ");
                assertThat(c.command(b64("\0user\0secret")).code()).isEqualTo(235);
            }
        }
    }

    @Test
    void authLoginAsksForUserAndPassword() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).offer(Extension.AUTH_LOGIN)
                .credentials("user", "secret").start();
             WireClient c = WireClient.connect(host.address())) {
            c.readReply();
            c.command("EHLO client.test");
            assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret")).code()).isEqualTo(504); // not offered
            assertThat(c.command("AUTH LOGIN").last()).isEqualTo("334 " + b64("Username:"));
            assertThat(c.command(b64("user")).last()).isEqualTo("334 " + b64("Password:"));
            assertThat(c.command(b64("secret")).code()).isEqualTo(235);
        }
    }

    @Test
    void authRuleOverridesTheExchange() throws Exception {
        try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).offer(Extension.AUTH_PLAIN).start();
             WireClient c = WireClient.connect(host.address())) {
            host.on(Stage.AUTH).reply(454, "4.7.0 Temporary authentication failure");
            c.readReply();
            c.command("EHLO client.test");
            assertThat(c.command("AUTH PLAIN " + b64("\0u\0p")).code()).isEqualTo(454);
        }
    }
}
