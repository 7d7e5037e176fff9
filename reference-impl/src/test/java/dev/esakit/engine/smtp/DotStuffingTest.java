package dev.esakit.engine.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStuffingTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void doublesTheDotAtTheStartOfEveryLineAndEndsWithCrlf() {
        assertThat(DotStuffing.stuff(b(""))).isEqualTo(b("\r\n"));
        assertThat(DotStuffing.stuff(b("a"))).isEqualTo(b("a\r\n"));
        assertThat(DotStuffing.stuff(b("a\r"))).isEqualTo(b("a\r\n"));
        assertThat(DotStuffing.stuff(b("a\r\n"))).isEqualTo(b("a\r\n"));
        assertThat(DotStuffing.stuff(b("."))).isEqualTo(b("..\r\n"));
        assertThat(DotStuffing.stuff(b(".x\r\n"))).isEqualTo(b("..x\r\n"));
        assertThat(DotStuffing.stuff(b("a\r\n.b\r\n..c"))).isEqualTo(b("a\r\n..b\r\n...c\r\n"));
        assertThat(DotStuffing.stuff(b("a.b\r\n x.\r\n"))).isEqualTo(b("a.b\r\n x.\r\n"));
        assertThat(DotStuffing.stuff(b("\u00e9.\n.\u00ff"))).isEqualTo(b("\u00e9.\n..\u00ff\r\n"));
    }

    @Test
    void contentThatNeedsNothingIsSentAsItIsWithoutACopy() {
        byte[] plain = b("Subject: x\r\n\r\na.b\r\n x.\r\n");
        assertThat(DotStuffing.stuff(plain)).isSameAs(plain);
        byte[] dotted = b("a\r\n.b\r\n");
        assertThat(DotStuffing.stuff(dotted)).isNotSameAs(dotted).isEqualTo(b("a\r\n..b\r\n"));
        byte[] unterminated = b("a\r\nb");
        assertThat(DotStuffing.stuff(unterminated)).isNotSameAs(unterminated).isEqualTo(b("a\r\nb\r\n"));
    }

    @Test
    void agreesWithTheRuleAppliedByteByByteOnRandomContent() {
        Random random = new Random(5321);
        byte[] alphabet = b(".\r\nax\u00e9/\u000b-\u0009"); // neighbours of LF and dot: the word scan's false hits
        for (int round = 0; round < 2_000; round++) {
            byte[] content = new byte[random.nextInt(200)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(DotStuffing.stuff(content)).as("content %s", new String(content, StandardCharsets.ISO_8859_1))
                    .isEqualTo(byteByByte(content));
        }
    }

    /** RFC 5321 4.5.2 read literally: the specification the fast version must match. */
    private static byte[] byteByByte(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte c : content) {
            if (lineStart && c == '.') {
                out.write('.');
            }
            out.write(c);
            lineStart = c == '\n';
        }
        if (content.length == 0 || !lineStart) {
            if (content.length > 0 && content[content.length - 1] == '\r') {
                out.write('\n');
            } else {
                out.write('\r');
                out.write('\n');
            }
        }
        return out.toByteArray();
    }
}
