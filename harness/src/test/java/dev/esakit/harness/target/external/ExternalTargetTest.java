package dev.esakit.harness.target.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Stage;
import dev.esakit.harness.logsource.LogCheck;
import dev.esakit.harness.mail.MailSubmitter;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.target.NotObservableException;
import dev.esakit.harness.target.TargetSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party relay driven through a profile, end to end, without Postfix: the reference engine run as a
 * separate relay (as {@code ./conformance serve} runs it), its routes fixed in advance ({@code mode: manual}),
 * its mail log tailed from its file in the ESA dialect.
 */
class ExternalTargetTest {
    @TempDir
    Path dir;
    private FakeSmtpServer mxA;
    private FakeSmtpServer mxB;
    private ReferenceEngine relay;
    private ExternalRelay external;

    private TargetProfile profile() throws IOException {
        mxA = FakeSmtpServer.bind("127.0.0.1", 0).hostname("mx-a").start();
        mxA.on(Stage.GREETING).reply(452, "4.3.1 Mail system full");
        mxB = FakeSmtpServer.bind("127.0.0.1", 0).hostname("mx-b").start();
        Path routes = Files.writeString(dir.resolve("smtproutes.txt"), "example.com 127.0.0.1:" + mxA.address().getPort()
                + "/pri=0, 127.0.0.1:" + mxB.address().getPort() + "/pri=10\n");
        relay = ReferenceEngine.start(EngineConfig.builder().listen(new InetSocketAddress("127.0.0.1", 0))
                .routes(SmtpRoutesParser.read(routes)).logDir(dir.resolve("log")).spoolDir(dir.resolve("spool")).build());
        Path profile = Files.writeString(dir.resolve("relay.yaml"), """
                name: lab-relay
                submit: {address: "127.0.0.1:%d"}
                routes:
                  mode: manual
                  hosts: {mx-a: "127.0.0.1:%d", mx-b: "127.0.0.1:%d"}
                log: {source: file, path: "%s", dialect: esa}
                timing:
                  timeScale: 0.01
                  maxPassTime: 1s
                  bounceProfile: {initialWait: 60s, maxWait: 3600s, maxTimeInQueue: 3d}
                """.formatted(relay.listenAddress().getPort(), mxA.address().getPort(), mxB.address().getPort(),
                relay.mailLogPath()));
        return new TargetProfileReader(Map.of()).load(profile);
    }

    @AfterEach
    void stop() {
        if (external != null) {
            external.close();
        }
        if (relay != null) {
            relay.close();
        }
        mxA.close();
        mxB.close();
    }

    @Test
    void aScenarioOnAnExternalRelayReadsOnlyItsOwnLogAndTakesItsTurn() throws IOException {
        external = ExternalRelay.start(profile());
        ExternalTarget first = new ExternalTarget(external);
        first.start(TargetSetup.of(List.of()));
        TestMessage message = TestMessage.of("alice@sender.example", List.of("bob@example.com"), "external", 0);
        assertThat(MailSubmitter.submit(first.submissionAddress(), message).accepted()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> mxB.messages().size() == 1);
        Map<String, String> hosts = Map.of("mx-a.ip", "127.0.0.1", "mx-a.port", String.valueOf(mxA.address().getPort()),
                "mx-b.port", String.valueOf(mxB.address().getPort()));
        List<String> expected = List.of(
                "New SMTP DCID {d1:dcid} interface {i:ip} address {mx-a.ip} port {mx-a.port}",
                "Connection Error: DCID {d1} domain: example.com IP: {mx-a.ip} port: {mx-a.port} details: {x:any}"
                        + " interface: {j:ip} reason: unexpected SMTP response",
                "Message done DCID {d2:dcid} MID {m:mid} to RID [0]");
        await().atMost(Duration.ofSeconds(10)).until(() -> first.checkLog(expected, hosts, false).match().matched());
        LogCheck check = first.checkLog(expected, hosts, false);
        assertThat(check.notObservable()).isEmpty();
        assertThat(check.judged()).isEqualTo(3);
        assertThatThrownBy(() -> first.passTime(Duration.ofMinutes(5))).isInstanceOf(NotObservableException.class)
                .hasMessageContaining("more than its profile's maxPassTime");
        first.close();

        ExternalTarget second = new ExternalTarget(external);
        second.start(TargetSetup.of(List.of()));
        assertThat(second.mailLog()).as("the next scenario starts with an empty log").isEmpty();
        assertThat(second.checkLog(expected, hosts, false).match().matched()).isFalse();
        assertThatThrownBy(second::queuedMessages).isInstanceOf(NotObservableException.class)
                .hasMessageContaining("no 'queued' command");
        second.close();
    }

    @Test
    void aProfileWhoseRelayNeverAnswersFailsWithWhereItLooked() throws IOException {
        TargetProfile p = profile();
        relay.close();
        relay = null;
        TargetProfile dead = new TargetProfile(p.file(), p.name(), p.description(), p.submit(), p.routes(),
                p.lifecycle(), p.log(), p.timing(), p.ledger());
        assertThatThrownBy(() -> ExternalRelay.startWithin(dead, Duration.ofMillis(300)))
                .hasMessageContaining("lab-relay did not greet on 127.0.0.1:").hasMessageContaining("file ");
    }
}
