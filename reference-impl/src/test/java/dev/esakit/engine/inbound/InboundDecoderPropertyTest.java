package dev.esakit.engine.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link InboundDecoder} against a line-at-a-time model of RFC 5321's data rules (how the session read content
 * before the decoder took whole runs): whatever the content and however TCP cuts it, the decoder finds the same
 * end of data, removes the same transparency dots, flags the same over-long lines, and leaves the bytes after the
 * end of data to command mode, line by line.
 */
class InboundDecoderPropertyTest {
    /** Pieces that matter to the rules: line ends of every kind, dots, and the smuggling sequences. */
    private static final String[] PIECES = {"\r\n", "\n", "\r", ".", "..", ".\r\n", ".\n", "\r\n.\r\n", "\n.\n",
            "\n.\r\n", "\r\n.\n", "a", "text", "Subject: x", "\u00e9"};

    @Property(tries = 600)
    void decodesLikeTheLineModelWhateverTheCuts(@ForAll("sessions") byte[] wire, @ForAll("cuts") List<Integer> cuts) {
        Decoded expected = model(wire);
        Decoded actual = decode(wire, cuts);
        assertThat(actual.content()).as("content").isEqualTo(expected.content());
        assertThat(actual.ended()).as("end of data found").isEqualTo(expected.ended());
        assertThat(actual.tooLong()).as("over-long line flagged").isEqualTo(expected.tooLong());
        assertThat(actual.commandsAfter()).as("command lines after the end of data").isEqualTo(expected.commandsAfter());
    }

    @Example
    void onlyCrlfDotCrlfEndsTheDataAndTheDotOfADotLineIsRemoved() {
        byte[] wire = ascii("a\n.\nb\r\n.\nc\n.\r\n..d\r\n.\r\nQUIT\r\n");
        Decoded d = decode(wire, List.of(1, 3, 3, 2, 5));
        assertThat(new String(d.content(), StandardCharsets.US_ASCII)).isEqualTo("a\n\nb\r\n\nc\n\r\n.d\r\n");
        assertThat(d.ended()).isTrue();
        assertThat(d.commandsAfter()).containsExactly("QUIT");
    }

    @Example
    void aContentLineOverOneThousandOctetsIsFlaggedOnce() {
        byte[] wire = ascii("x".repeat(998) + "\r\n" + "y".repeat(999) + "\r\n" + "z".repeat(5000) + "\r\n.\r\n");
        Decoded d = decode(wire, List.of(700, 700, 700));
        assertThat(d.tooLong()).isEqualTo(2);
        assertThat(d.ended()).isTrue();
    }

    @Provide
    Arbitrary<byte[]> sessions() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES),
                Arbitraries.integers().between(990, 1010).map("L"::repeat));
        return piece.list().ofMaxSize(40).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(p -> out.writeBytes(p.getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(ascii("\r\n.\r\nRSET\r\nNOOP\n"));
            return out.toByteArray();
        });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 40).list().ofMaxSize(30);
    }

    record Decoded(byte[] content, boolean ended, int tooLong, List<String> commandsAfter) {
    }

    private static Decoded decode(byte[] wire, List<Integer> cuts) {
        InboundDecoder decoder = new InboundDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.startData();
        int at = 0;
        for (int cut : cuts) {
            if (at >= wire.length) {
                break;
            }
            int n = Math.min(cut, wire.length - at);
            channel.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
            at += n;
        }
        if (at < wire.length) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, at, wire.length - at));
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        boolean ended = false;
        int tooLong = 0;
        List<String> commands = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            if (frame instanceof InboundFrame.Content run) {
                assertThat(ended).as("content after the end of data").isFalse();
                ByteBuf b = run.content();
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                content.writeBytes(bytes);
                run.release();
            } else if (frame == InboundFrame.Marker.END_OF_DATA) {
                ended = true;
            } else if (frame == InboundFrame.Marker.LINE_TOO_LONG) {
                tooLong++;
            } else if (frame instanceof InboundFrame.Command c) {
                commands.add(c.line());
            }
        }
        channel.finishAndReleaseAll();
        return new Decoded(content.toByteArray(), ended, tooLong, commands);
    }

    /** Line by line: a line ends at LF; CRLF "." CRLF after a CRLF ends the data; a leading dot is removed. */
    private static Decoded model(byte[] wire) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        boolean afterCrlf = true;
        int tooLong = 0;
        int start = 0;
        while (start < wire.length) {
            int lf = start;
            while (lf < wire.length && wire[lf] != '\n') {
                lf++;
            }
            int end = Math.min(lf + 1, wire.length);
            int n = end - start;
            boolean crlf = lf < wire.length && lf > start && wire[lf - 1] == '\r';
            if (afterCrlf && n == 3 && wire[start] == '.' && crlf) {
                List<String> commands = new ArrayList<>();
                for (String line : commandLines(wire, end)) {
                    if (line.length() > InboundDecoder.MAX_LINE) {
                        tooLong++; // command mode drops it whole
                    } else {
                        commands.add(line);
                    }
                }
                return new Decoded(content.toByteArray(), true, tooLong, commands);
            }
            int withoutLineEnd = (lf < wire.length ? lf : wire.length) - start - (crlf ? 1 : 0);
            if (withoutLineEnd > InboundDecoder.MAX_LINE) {
                tooLong++;
            }
            afterCrlf = crlf;
            int from = wire[start] == '.' ? start + 1 : start;
            content.write(wire, from, end - from);
            start = end;
        }
        return new Decoded(content.toByteArray(), false, tooLong, List.of());
    }

    private static List<String> commandLines(byte[] wire, int from) {
        // Netty's US-ASCII decoding keeps each octet as one char; the session refuses what is not printable ASCII.
        String rest = new String(wire, from, wire.length - from, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : rest.split("\n")) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
