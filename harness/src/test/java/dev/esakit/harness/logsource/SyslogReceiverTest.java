package dev.esakit.harness.logsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.esakit.harness.logmatch.LogMatcher;
import dev.esakit.harness.logsource.dialect.EsaDialect;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The syslog receiver against real senders: Java sockets and util-linux's logger(1), over UDP and TCP. */
class SyslogReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private SyslogReceiver receiver;

    @BeforeEach
    void open() {
        receiver = SyslogReceiver.on(new InetSocketAddress("127.0.0.1", 0)).udp().tcp();
        receiver.open();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private void udp(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.send(new DatagramPacket(bytes, bytes.length, receiver.address()));
        }
    }

    private void tcp(String stream) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(receiver.address(), 2000);
            OutputStream out = s.getOutputStream();
            out.write(stream.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private List<LogRecord> awaitRecords(int n) {
        await().atMost(WAIT).until(() -> receiver.since(0).size() >= n);
        return receiver.since(0);
    }

    @Test
    void anEsaPushingMailLogsOverUdpIsReadAsStampedMailLogLines() throws IOException {
        // ESA-PROFILE LOG-6: "<pri>Mmm dd HH:MM:SS mail_logs: Info: ...", no host field.
        udp("<22>Jul  2 09:15:07 mail_logs: Info: New SMTP DCID 7 interface 127.0.0.1 address 127.1.0.1 port 25");
        udp("<22>Jul  2 09:15:07 mail_logs: Info: DCID 7 close");
        List<LogRecord> got = awaitRecords(2);
        assertThat(got.get(0).tag()).isEqualTo("mail_logs");
        assertThat(got.get(0).host()).isNull();
        assertThat(got.get(0).text()).isEqualTo("Info: New SMTP DCID 7 interface 127.0.0.1 address 127.1.0.1 port 25");
        List<String> lines = new EsaDialect().render(got);
        assertThat(lines.get(0)).matches("\\w{3} Jul  2 09:15:07 \\d{4} Info: New SMTP DCID 7 .*");
        assertThat(LogMatcher.match(List.of("New SMTP DCID {d:dcid} interface {i:ip} address 127.1.0.1 port 25",
                "DCID {d} close"), lines, Map.of(), true).matched()).isTrue();
    }

    @Test
    void rfc5424OverTcpWithOctetCountingAndStructuredData() throws IOException {
        String m1 = "<22>1 2026-12-04T20:19:25.123456+00:00 esa1 mail_logs - - [meta sequenceId=\"1\" x=\"a\\\"]b\"] Info: Message finished MID 3 done";
        String m2 = "<22>1 2026-12-04T20:19:26Z esa1 mail_logs 812 ID47 - Info: MID 4 queued for delivery";
        tcp(m1.getBytes(StandardCharsets.UTF_8).length + " " + m1 + m2.length() + " " + m2);
        List<LogRecord> got = awaitRecords(2);
        assertThat(got.get(0).stamped()).isEqualTo(java.time.Instant.parse("2026-12-04T20:19:25.123456Z"));
        assertThat(got.get(0).host()).isEqualTo("esa1");
        assertThat(got.get(0).text()).isEqualTo("Info: Message finished MID 3 done");
        assertThat(got.get(1).tag()).isEqualTo("mail_logs[812]");
        assertThat(got.get(1).text()).isEqualTo("Info: MID 4 queued for delivery");
    }

    @Test
    void rfc3164OverTcpWithLineFraming() throws IOException {
        tcp("<22>Dec  4 20:19:25 esakit-postfix postfix/qmgr[7026]: C69AD20E37C: removed\n"
                + "<22>Dec  4 20:19:26 esakit-postfix postfix/smtp[7070]: connect to 127.1.0.4[127.1.0.4]:2604: Connection refused\r\n");
        List<LogRecord> got = awaitRecords(2);
        assertThat(got).extracting(LogRecord::host).containsOnly("esakit-postfix");
        assertThat(got).extracting(LogRecord::tag).containsExactly("postfix/qmgr[7026]", "postfix/smtp[7070]");
        assertThat(got.get(1).text()).isEqualTo("connect to 127.1.0.4[127.1.0.4]:2604: Connection refused");
    }

    @Test
    void loggerSendsRfc5424OverUdpAndRfc3164OverTcp() throws Exception {
        int port = receiver.address().getPort();
        logger("--udp", "--rfc5424", "--port", String.valueOf(port), "-t", "mail_logs", "Info: sent by logger over udp");
        logger("--tcp", "--rfc3164", "--port", String.valueOf(port), "-t", "mail_logs", "Info: sent by logger over tcp");
        List<LogRecord> got = awaitRecords(2);
        assertThat(got).extracting(LogRecord::text)
                .containsExactlyInAnyOrder("Info: sent by logger over udp", "Info: sent by logger over tcp");
        assertThat(got).extracting(LogRecord::tag).allSatisfy(t -> assertThat(t).startsWith("mail_logs"));
        assertThat(got).extracting(LogRecord::stamped).doesNotContainNull();
    }

    private static void logger(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("logger", "--server", "127.0.0.1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("logger finished").isTrue();
        assertThat(p.exitValue()).as("logger: %s", new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void aMalformedMessageIsReportedWithItsSenderAndTheReceiverGoesOn() throws IOException {
        udp("no priority here");
        udp("<22>Jul  2 09:15:07 mail_logs: Info: after the bad one");
        awaitRecords(1);
        assertThat(receiver.problems()).singleElement().asString()
                .contains("/127.0.0.1:").contains("does not start with <PRI>").contains("no priority here");
        assertThat(receiver.since(0)).extracting(LogRecord::text).containsExactly("Info: after the bad one");
    }

    @Test
    void anOverlongTcpFrameClosesThatConnectionOnly() throws IOException {
        tcp("99999999 <22>Jul  2 09:15:07 x: y");
        await().atMost(WAIT).until(() -> !receiver.problems().isEmpty());
        assertThat(receiver.problems().get(0)).contains("announces 99999999 octets");
        tcp("<22>Jul  2 09:15:07 mail_logs: Info: still listening\n");
        assertThat(awaitRecords(1)).extracting(LogRecord::text).containsExactly("Info: still listening");
    }

    @Test
    void aMarkSeparatesOneScenariosLinesFromTheNext() throws IOException {
        udp("<22>Jul  2 09:15:07 mail_logs: Info: first");
        awaitRecords(1);
        long mark = receiver.mark();
        udp("<22>Jul  2 09:15:08 mail_logs: Info: second");
        awaitRecords(2);
        assertThat(receiver.since(mark)).extracting(LogRecord::text).containsExactly("Info: second");
    }

    @Test
    void refusesANonLoopbackBindUnlessAllowed() throws Exception {
        InetAddress outside = InetAddress.getByName("192.0.2.1"); // TEST-NET-1: never bound, only checked
        SyslogReceiver open = SyslogReceiver.on(new InetSocketAddress(outside, 0)).udp();
        assertThatThrownBy(open::open).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to bind").hasMessageContaining("allowNonLoopback()");
    }
}
