package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.fake.smtp.FakeSmtpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LOG-3 on the real {@code mail.current}: text from a peer (a destination's reply at each stage, a sender's
 * HELO name, envelope addresses, Subject and Message-ID) holding CR, LF, NUL, Unicode line separators, terminal
 * escapes or quote marks never starts a new log line and never fakes a field. Every forgery below tries to plant
 * {@code Message finished MID 999 done}; MID 999 never exists.
 */
class LogInjectionTest {
    private static final String FORGED = "Wed Jul  2 09:15:07 2014 Info: Message finished MID 999 done";
    private static final List<String> HOSTILE = List.of(
            "ok\r" + FORGED,
            "ok\u0000" + FORGED,
            "ok\u2028" + FORGED,
            "ok\u2029" + FORGED,
            "ok\u0085" + FORGED,
            "ok\u000b\u000c" + FORGED,
            "ok\u001b[2K\r" + FORGED,                    // a terminal escape that erases the line shown
            "ok' " + FORGED + " '",                       // closes a quoted field early
            "ok'], '000', ['x') interface: 6.6.6.6 reason: network error");

    static Stream<Arguments> hostileRepliesAtEachStage() {
        return HOSTILE.stream().flatMap(text -> Stream.of(
                Arguments.of("greeting 421", text),
                Arguments.of("RCPT 452", text),
                Arguments.of("RCPT 550", text),
                Arguments.of("end of data 250", text),
                Arguments.of("multi-line greeting with bare LF", text)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileRepliesAtEachStage")
    void aDestinationsReplyCannotForgeALogLine(String stage, String text) throws Exception {
        byte[] reply = switch (stage) {
            case "RCPT 452" -> ("452 4.3.1 " + text + "\r\n").getBytes(StandardCharsets.UTF_8);
            case "RCPT 550" -> ("550 5.1.1 " + text + "\r\n").getBytes(StandardCharsets.UTF_8);
            case "end of data 250" -> ("250 2.0.0 " + text + "\r\n").getBytes(StandardCharsets.UTF_8);
            case "multi-line greeting with bare LF" -> ("421-first\n421 " + text + "\r\n").getBytes(StandardCharsets.UTF_8);
            default -> ("421 4.3.2 " + text + "\r\n").getBytes(StandardCharsets.UTF_8);
        };
        try (RawDestination destination = RawDestination.start(wire -> {
            if (stage.contains("greeting")) {
                wire.write(reply);
                String command;
                while ((command = wire.command()) != null) { // the engine says QUIT after a refused greeting
                    wire.write(command.equalsIgnoreCase("QUIT") ? "221 bye\r\n" : "503 bad sequence\r\n");
                }
                return;
            }
            wire.write("220 ok\r\n");
            String command;
            while ((command = wire.command()) != null) {
                String verb = command.length() >= 4 ? command.substring(0, 4).toUpperCase() : command;
                if (verb.equals("RCPT") && stage.startsWith("RCPT")) {
                    wire.write(reply);
                } else if (verb.equals("DATA")) {
                    wire.write("354 go\r\n");
                    if (!wire.content()) {
                        return;
                    }
                    wire.write(stage.startsWith("end of data") ? reply : "250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (verb.equals("QUIT")) {
                    wire.write("221 bye\r\n");
                    wire.close();
                    return;
                } else {
                    wire.write("250 ok\r\n");
                }
            }
        }); EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + destination.port(),
                Duration.ofSeconds(2))) {
            long mid = engine.submit("a@sender.test", List.of("b@example.test"), "Subject: s\r\n\r\nbody\r\n");
            engine.awaitOutcome(mid, Duration.ofSeconds(10));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));

            assertOneStampedLinePerEntryAndNothingForged(engine);
            assertThat(engine.logText()).as("the peer's text is in the log, escaped").anyMatch(l -> l.contains("ok"));
            assertConnectionErrorFieldsAreTheEngines(engine);
            assertReplyListsParse(engine);
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("hostileTexts")
    void aSendersHeloAddressesSubjectAndMessageIdCannotForgeALogLine(String text) throws Exception {
        try (FakeSmtpServer destination = FakeSmtpServer.bind("127.0.0.1", 0).start();
             EngineUnderTest engine = EngineUnderTest.start("routed.test 127.0.0.1:" + destination.address().getPort(),
                     Duration.ofSeconds(2))) {
            String inAddress = text.replace("'", "").replace(" ", "_"); // an address holds no space
            try (SubmittingClient c = new SubmittingClient(engine.listenAddress())) {
                SubmittingClient.expect(c.reply(), "220");
                c.send("EHLO " + text);
                // RFC 5321: an address is printable ASCII; one with a control character is refused with 501.
                String from = "sender" + inAddress + "@sender.test";
                if (printableAscii(from)) {
                    SubmittingClient.expect(c.send("MAIL FROM:<" + from + ">"), "250");
                } else {
                    SubmittingClient.expect(c.send("MAIL FROM:<" + from + ">"), "501 5.1.7");
                    SubmittingClient.expect(c.send("MAIL FROM:<plain@sender.test>"), "250");
                }
                String rcpt = "rcpt" + inAddress + "@routed.test";
                String rcptReply = c.send("RCPT TO:<" + rcpt + ">");
                // A printable address is taken, or refused by the RAT when it holds ':' (a source-route sign).
                assertThat(rcptReply).matches(printableAscii(rcpt) ? "^(250|550) .*" : "^501 5\\.1\\.3 .*");
                String unrouted = "rcpt" + inAddress + "@unrouted.test";
                SubmittingClient.expect(c.send("RCPT TO:<" + unrouted + ">"), printableAscii(unrouted) ? "550" : "501");
                SubmittingClient.expect(c.send("RCPT TO:<x@unrouted.test>"), "550"); // logged as Rejected by RAT
                SubmittingClient.expect(c.send("RCPT TO:<plain@routed.test>"), "250");
                SubmittingClient.expect(c.send("DATA"), "354");
                c.raw(("Subject: " + text + "\r\n\t" + text + "\r\nMessage-ID: <" + inAddress + "@x>\r\n\r\nbody\r\n.\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                long mid = SubmittingClient.midOf(c.reply());
                assertThat(mid).isPositive();
                c.send("QUIT");
                engine.awaitOutcome(mid, Duration.ofSeconds(10));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.logText().stream()
                    .anyMatch(l -> l.matches("^ICID \\d+ close$")));
            assertOneStampedLinePerEntryAndNothingForged(engine);
            assertThat(engine.logText()).anyMatch(l -> l.matches("^MID \\d+ Subject '.*'$"))
                    .anyMatch(l -> l.matches("^MID \\d+ ICID \\d+ To: <.*> Rejected by RAT$"));
        }
    }

    private static boolean printableAscii(String s) {
        return s.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e);
    }

    static Stream<String> hostileTexts() {
        return HOSTILE.stream();
    }

    /** Split on LF only: every line is stamped, holds no line break or control character, and none is forged. */
    private static void assertOneStampedLinePerEntryAndNothingForged(EngineUnderTest engine) throws IOException {
        List<String> lines = engine.log();
        assertThat(lines).isNotEmpty().allSatisfy(l -> {
            assertThat(l).matches(MailLogLines.STAMP.pattern() + ".*");
            assertThat(l.chars().filter(ch -> ch < 0x20 || ch == 0x7f || ch == 0x85 || ch == 0x2028 || ch == 0x2029))
                    .as("control characters or line separators in %s", l).isEmpty();
        });
        assertThat(engine.logText()).noneMatch(l -> l.startsWith("Message finished MID 999"));
        // A quoted field (Subject, Message-ID, Response) is one field: its quotes close only at the end of the line.
        assertThat(engine.logText().stream().filter(l -> l.matches("^MID \\d+ (Subject|Message-ID|RID \\[[0-9, ]+] Response) '.*")))
                .allSatisfy(l -> assertThat(l).matches("^MID \\d+ (Subject|Message-ID|RID \\[[0-9, ]+] Response) "
                        + "'(?:[^'\\\\]|\\\\.)*'$"));
        // The log may show the forged text inside an escaped field, never as a line of its own.
        assertThat(lines.stream().filter(l -> l.contains("Message finished MID 999 done")))
                .allSatisfy(l -> assertThat(l).doesNotMatch(MailLogLines.STAMP.pattern() + "Message finished.*"));
    }

    private static final Pattern CONNECTION_ERROR = Pattern.compile("^Connection Error: DCID \\d+ domain: \\S+ IP: \\S+ "
            + "port: \\d+ details: (.*) interface: (\\S+) reason: (unexpected SMTP response|network error)$");

    /** A greedy reading of the LOG-1 form finds the engine's own interface and reason, whatever the details held. */
    private static void assertConnectionErrorFieldsAreTheEngines(EngineUnderTest engine) {
        engine.logText().stream().filter(l -> l.startsWith("Connection Error:")).forEach(l -> {
            Matcher m = CONNECTION_ERROR.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            assertThat(m.group(2)).isEqualTo("127.0.0.1");
        });
    }

    private static final Pattern REPLY_LIST = Pattern.compile(
            "\\('(\\d{3})', \\[('(?:[^'\\\\]|\\\\.)*'(?:, '(?:[^'\\\\]|\\\\.)*')*)?]\\)$");

    /** In Delayed:/Bounced: lines the quoted reply list ends the line and parses with quote escapes honoured. */
    private static void assertReplyListsParse(EngineUnderTest engine) {
        engine.logText().stream().filter(l -> l.startsWith("Delayed:") || l.startsWith("Bounced:")).forEach(l -> {
            Matcher m = REPLY_LIST.matcher(l);
            assertThat(m.find()).as(l).isTrue();
            assertThat(m.group(1)).isIn("452", "550", "421", "000");
        });
    }
}
