package dev.esakit.harness.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.harness.logsource.SyslogReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A target pushing its log over TCP syslog may be broken or hostile: a line that never ends, an octet count
 * announcing gigabytes, a bad date. Each ends that sender's connection with a recorded problem and bounded
 * memory; the receiver keeps taking messages from the next connection.
 */
class HostileSyslogSenderTest {
    private SyslogReceiver receiver;

    @BeforeEach
    void open() {
        receiver = SyslogReceiver.on(new InetSocketAddress("127.0.0.1", 0)).tcp();
        receiver.open();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void anEndlessLineIsCutOffAndTheReceiverGoesOn() throws Exception {
        byte[] block = new byte[1024 * 1024];
        Arrays.fill(block, (byte) 'x');
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            try {
                out.write("<13>Dec  4 21:00:00 host mail_logs: Info: ".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 64; i++) { // 64 MiB without a line end
                    out.write(block);
                }
            } catch (IOException e) {
                // the receiver hung up: what this test wants
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.problems().isEmpty());
        assertThat(String.join("\n", receiver.problems())).contains("longer than");
        assertTheReceiverStillTakesMessages();
    }

    @Test
    void aHugeOctetCountAndABadDateAreProblemsNotCrashes() throws Exception {
        send("9999999999 <13>Dec  4 21:00:00 host mail_logs: Info: never\n");
        send("<13>Feb 30 25:61:61 host mail_logs: Info: bad date\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.problems().size() >= 2);
        assertThat(String.join("\n", receiver.problems())).contains("9999999999").contains("Feb 30");
        assertTheReceiverStillTakesMessages();
    }

    private void assertTheReceiverStillTakesMessages() throws IOException {
        send("<13>Dec  4 21:00:01 host mail_logs: Info: still here\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.since(0).stream()
                .anyMatch(r -> r.toString().contains("still here")));
    }

    private void send(String stream) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(stream.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(receiver.address(), 2_000);
        return s;
    }
}
