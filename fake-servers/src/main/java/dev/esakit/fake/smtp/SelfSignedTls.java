package dev.esakit.fake.smtp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.temporal.ChronoUnit;

/** A server TLS context with a freshly generated self-signed certificate (netty-pkitesting). */
final class SelfSignedTls {
    private SelfSignedTls() {}

    /** Key generation is the slow part; one certificate per hostname serves every server in the JVM. */
    private static final Map<String, SslContext> CACHE = new ConcurrentHashMap<>();

    static SslContext serverContext(String hostname) {
        return CACHE.computeIfAbsent(hostname, SelfSignedTls::generate);
    }

    private static SslContext generate(String hostname) {
        try {
            X509Bundle bundle = new CertificateBuilder()
                    .subject("CN=" + hostname)
                    .addSanDnsName(hostname)
                    .addSanIpAddress("127.0.0.1")
                    .setIsCertificateAuthority(true) // buildSelfSigned() insists on a root; clients trust it explicitly or not at all
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
