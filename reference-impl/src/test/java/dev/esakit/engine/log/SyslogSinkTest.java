package dev.esakit.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esakit.engine.time.VirtualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** LOG-6 over real loopback UDP and TCP. */
class SyslogSinkTest {
    private final VirtualClock clock = new VirtualClock(Instant.parse("2014-07-02T09:15:07Z"));

    @Test
    void udpCarriesOneRfc3164DatagramPerLine() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5_000);
            SyslogSink sink = new SyslogSink((InetSocketAddress) receiver.getLocalSocketAddress(),
                    SyslogSink.Transport.UDP, false);
            MailLog log = new MailLog(new MailLogWriter(clock, ZoneOffset.UTC).addSink(sink));
            log.messageFinished(7);
            log.subject(7, "evil\n<14>Jul  2 09:15:07 mail_logs: Info: forged");
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            receiver.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("<22>Jul  2 09:15:07 mail_logs: Info: Message finished MID 7 done");
            receiver.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("<22>Jul  2 09:15:07 mail_logs: Info: MID 7 Subject 'evil\\n<14>Jul  2 09:15:07 "
                            + "mail_logs: Info: forged'");
            sink.close();
        }
    }

    @Test
    void tcpCarriesOneLinePerMessage() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5_000);
            SyslogSink sink = new SyslogSink((InetSocketAddress) server.getLocalSocketAddress(), SyslogSink.Transport.TCP,
                    false);
            MailLog log = new MailLog(new MailLogWriter(clock, ZoneOffset.UTC).addSink(sink));
            log.header("v", "SN", clock.now());
            try (Socket s = server.accept()) {
                s.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("<22>Jul  2 09:15:07 mail_logs: Info: Begin Logfile");
                assertThat(in.readLine()).isEqualTo("<22>Jul  2 09:15:07 mail_logs: Info: Version: v SN: SN");
                assertThat(in.readLine()).isEqualTo("<22>Jul  2 09:15:07 mail_logs: Info: Time offset from UTC: 0 seconds");
            }
            sink.close();
        }
    }

    @Test
    void severityFollowsTheLevelAndTheReceiverMustBeLoopback() {
        assertThat(SyslogSink.format("Wed Jul  2 09:15:07 2014 Warning: x")).isEqualTo("<20>Jul  2 09:15:07 mail_logs: Warning: x");
        assertThat(SyslogSink.format("Wed Jul 12 09:15:07 2014 Critical: x")).startsWith("<18>Jul 12 ");
        assertThatThrownBy(() -> new SyslogSink(new InetSocketAddress("192.0.2.1", 514), SyslogSink.Transport.UDP, false))
                .hasMessageContaining("192.0.2.1 is not a loopback address");
    }
}
