package dev.esakit.fake.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The fake server faces the relay under test, which may be broken or hostile too: a command line that never
 * ends must cost the fake bounded memory (what it keeps of the line, and what its transcript records), get a
 * 500, and leave the session usable.
 */
class HostileClientTest {
    @Test
    void anEndlessCommandLineIsRefusedAndNotKept() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.bind("127.0.0.1", 0).start();
             Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(line(in)).startsWith("220");
            byte[] block = new byte[1024 * 1024];
            Arrays.fill(block, (byte) 'A');
            for (int i = 0; i < 32; i++) { // 32 MiB without a line end
                out.write(block);
            }
            out.write("\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(line(in)).startsWith("500");
            assertThat(line(in)).startsWith("250");

            await().atMost(Duration.ofSeconds(5)).until(() -> !server.transcripts().isEmpty());
            assertThat(server.transcripts().get(0).texts(Direction.CLIENT))
                    .as("the transcript keeps a bounded record of the line")
                    .allSatisfy(t -> assertThat(t.length()).isLessThan(64 * 1024))
                    .anyMatch(t -> t.contains("33554432") || t.contains("octets"));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
