package dev.esakit.fake.smtp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A server TLS context with a freshly generated self-signed certificate (netty-pkitesting). */
final class SelfSignedTls {
    private SelfSignedTls() {}

    static SslContext serverContext(String hostname) {
        try {
            X509Bundle bundle = new CertificateBuilder()
                    .subject("CN=" + hostname)
                    .addSanDnsName(hostname)
                    .addSanIpAddress("127.0.0.1")
                    .setIsCertificateAuthority(false)
                    .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                    .notAfter(Instant.now().plus(30, ChronoUnit.DAYS))
                    .ecp256()
                    .addExtendedKeyUsageServerAuth()
                    .buildSelfSigned();
            return SslContextBuilder.forServer(bundle.getKeyPair().getPrivate(), bundle.getCertificatePath()).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a self-signed certificate for STARTTLS: " + e, e);
        }
    }
}
