package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The engine's SMTP client facing a destination that writes random reply streams: multi-line replies, mixed
 * codes, a missing or wrong separator, over-long lines, non-ASCII, NUL, bare CR and bare LF, replies cut into
 * random TCP segments or sent byte by byte, and a destination that closes or falls silent at any stage. Whatever
 * it says, the engine delivers, defers or bounces the message: no exception escapes, every connection it
 * opened is closed (at the latest by its stage timeout), and the message ends with {@code Message finished} or
 * {@code pending till}. Each try runs a real engine against a raw loopback socket.
 */
class ReplyStreamPropertyTest {
    private static final Duration TIMEOUTS = Duration.ofMillis(300);
    /** The replies a well-behaved destination gives, in the order the engine asks for them. */
    private static final String[] GOOD = {"220", "250", "250", "250", "354", "250", "221"};

    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void everyMessageIsDeliveredDeferredOrBouncedWhateverTheDestinationSays(
            @ForAll("destinations") HostileScript script) throws Exception {
        settles(script);
    }

    /** The same with ten times the tries: {@code mvn -Pstress} (about three minutes). */
    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
    @Tag("stress")
    void manyMoreReplyStreams(@ForAll("destinations") HostileScript script) throws Exception {
        settles(script);
    }

    private void settles(HostileScript script) throws Exception {
        try (NettyWarnings warnings = new NettyWarnings();
             RawDestination destination = RawDestination.start(script);
             EngineUnderTest engine = EngineUnderTest.start("example.test 127.0.0.1:" + destination.port(),
                     TIMEOUTS)) {
            long mid = engine.submit("alice@sender.test", List.of("bob@example.test"),
                    "Subject: fuzz\r\nMessage-ID: <fuzz@sender.test>\r\n\r\nbody\r\n.leading dot\r\n");

            String outcome = engine.awaitOutcome(mid, Duration.ofSeconds(10));
            engine.awaitEveryDeliveryConnectionClosed(Duration.ofSeconds(5));
            await("the destination saw every connection end").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> destination.connections().stream().allMatch(RawDestination.Wire::finished));

            List<String> text = engine.logText();
            Statistics.collect(outcome.startsWith("Message finished")
                    ? text.stream().anyMatch(l -> l.startsWith("Message done")) ? "delivered" : "bounced"
                    : "deferred");
            if (outcome.startsWith("Message finished")) {
                // Finished means a verdict from a destination: delivered (Message done) or bounced.
                assertThat(text).anyMatch(l -> l.matches("^(Message done DCID \\d+ MID " + mid + " to RID .*"
                        + "|Bounced: DCID \\d+ MID " + mid + " .*)"));
            } else {
                assertThat(text).anyMatch(l -> l.startsWith("Delayed: ") && l.contains(" MID " + mid + " ")
                        || l.startsWith("Connection Error: "));
            }
            // LOG-3 for free: whatever the replies held, every line of the file is one stamped log line.
            assertThat(engine.log()).allSatisfy(l -> assertThat(l)
                    .matches(MailLogLines.STAMP.pattern() + ".*")
                    .doesNotContain("\r", "\u0000", "\u2028", "\u2029", "\u0085"));
            assertThat(warnings.escapedExceptions()).as("exceptions that escaped engine code").isEmpty();
        }
    }

    @Provide
    Arbitrary<HostileScript> destinations() {
        List<Arbitrary<HostileReply>> replies = new ArrayList<>();
        for (String code : GOOD) {
            replies.add(reply(code));
        }
        Arbitrary<List<HostileReply>> full = Combinators.combine(replies).as(ArrayList::new);
        // The destination stops answering after a random number of replies: closes or hangs at every stage.
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(GOOD.length)),
                Tuple.of(2, Arbitraries.integers().between(0, GOOD.length - 1)));
        return Combinators.combine(full, length, Arbitraries.of(HostileScript.Ending.class))
                .as((all, n, ending) -> new HostileScript(List.copyOf(all.subList(0, n)), ending));
    }

    /** Mostly clean replies, so that many tries reach a verdict; the rest from the hostile repertoire. */
    private static Arbitrary<HostileReply> reply(String goodCode) {
        // Clean lines: words, or EHLO keywords with odd parameters (the capability parsing and the pipelined path).
        Arbitrary<String> cleanText = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)),
                Tuple.of(2, Arbitraries.of("PIPELINING", "8BITMIME", "SIZE", "SIZE 1", "SIZE 10240000", "SIZE x",
                        "SIZE -1", "SIZE 99999999999999999999", "AUTH", "AUTH PLAIN LOGIN", "AUTH=", "STARTTLS",
                        "ENHANCEDSTATUSCODES", "X-UNKNOWN ext")));
        Arbitrary<HostileReply> clean = Combinators.combine(cleanText.list().ofMinSize(1).ofMaxSize(4), pieces())
                .as((texts, p) -> {
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < texts.size(); i++) {
                        out.append(goodCode).append(i == texts.size() - 1 ? ' ' : '-').append(texts.get(i))
                                .append("\r\n");
                    }
                    byte[] bytes = out.toString().getBytes(StandardCharsets.US_ASCII);
                    return new HostileReply(bytes, p.equals(BYTE_BY_BYTE) ? byteByByte(bytes.length) : p, goodCode);
                });
        Arbitrary<HostileReply> verdict = Arbitraries.of("421 4.3.2 closing", "450 4.2.0 busy", "452 4.3.1 full",
                "550 5.1.1 unknown user", "554 5.7.1 rejected").map(r -> new HostileReply(
                (r + "\r\n").getBytes(StandardCharsets.US_ASCII), List.of(), r.substring(0, 3)));
        return Arbitraries.frequencyOf(Tuple.of(16, clean), Tuple.of(1, verdict), Tuple.of(3, hostile(goodCode)));
    }

    private static Arbitrary<HostileReply> hostile(String goodCode) {
        Arbitrary<String> code = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(goodCode)),
                Tuple.of(4, Arbitraries.of("220", "250", "354", "221", "421", "450", "451", "452", "500", "501",
                        "502", "503", "550", "552", "554")),
                Tuple.of(1, Arbitraries.of("000", "099", "600", "999", "2", "25", "2500", "abc", "", "2é5")));
        Arbitrary<Integer> lineCount = Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just(1)),
                Tuple.of(5, Arbitraries.integers().between(2, 4)),
                Tuple.of(1, Arbitraries.just(40)));
        Arbitrary<List<Line>> lines = lineCount.flatMap(n -> line().list().ofSize(n));
        return Combinators.combine(code, lines, pieces()).as((c, ls, p) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < ls.size(); i++) {
                Line l = ls.get(i);
                boolean last = i == ls.size() - 1;
                String sep = switch (l.separator) {
                    case PROPER -> last ? " " : "-";
                    case MISSING -> "";
                    case WRONG -> last ? "-" : " ";
                };
                String lineCode = l.otherCode == null ? c : l.otherCode;
                out.writeBytes((lineCode + sep + l.text + l.end).getBytes(StandardCharsets.UTF_8));
            }
            byte[] bytes = out.toByteArray();
            List<Integer> cuts = p.equals(BYTE_BY_BYTE) ? byteByByte(bytes.length) : p;
            return new HostileReply(bytes, cuts, c);
        });
    }

    private enum Separator { PROPER, MISSING, WRONG }

    private record Line(String otherCode, Separator separator, String text, String end) {
    }

    private static Arbitrary<Line> line() {
        Arbitrary<String> otherCode = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.of("250", "451", "550", "220")));
        Arbitrary<Separator> separator = Arbitraries.frequencyOf(
                Tuple.of(18, Arbitraries.just(Separator.PROPER)),
                Tuple.of(1, Arbitraries.just(Separator.MISSING)),
                Tuple.of(1, Arbitraries.just(Separator.WRONG)));
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12).map(s -> "2.0.0 ok " + s)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(30)),
                Tuple.of(2, Arbitraries.of("Grüße ✉ 日本語", "\u2028Info: Message finished MID 1 done", "nul\u0000here",
                        "bare\rCR", "tab\there", "x\u0085y", "4.3.1 Mail system full", "5.1.1 <x@y> unknown")),
                Tuple.of(1, Arbitraries.integers().between(4_000, 9_000).map("x"::repeat)));
        Arbitrary<String> end = Arbitraries.frequencyOf(
                Tuple.of(17, Arbitraries.just("\r\n")),
                Tuple.of(2, Arbitraries.just("\n")),
                Tuple.of(1, Arbitraries.just("\r")));
        return Combinators.combine(otherCode, separator, text, end).as(Line::new);
    }

    private static final List<Integer> BYTE_BY_BYTE = List.of(-1);

    private static Arbitrary<List<Integer>> pieces() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(List.<Integer>of())),
                Tuple.of(2, Arbitraries.just(BYTE_BY_BYTE)),
                Tuple.of(2, Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(30)));
    }

    /** One segment per byte, for replies short enough that this stays quick. */
    private static List<Integer> byteByByte(int length) {
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < Math.min(length, 2_000); i++) {
            ones.add(1);
        }
        return ones;
    }

}
