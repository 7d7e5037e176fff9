package dev.esakit.harness.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.esakit.harness.logmatch.LinePattern;
import dev.esakit.harness.logmatch.LogMatch;
import dev.esakit.harness.logmatch.LogMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The log matcher reads logs written by whatever target is under test, so it must take any text. Properties:
 * arbitrary log lines (stamped or not, any characters) never make {@code match} or {@code describe} throw; a
 * pattern is refused only with an IllegalArgumentException naming it; and captures are consistent: when a
 * match succeeds, each expected line with the bindings filled in is exactly the log line it matched, the matched
 * lines are in order, and a log built by filling the patterns with one set of values (among noise) always
 * matches.
 */
class LogMatcherPropertyTest {
    private static final String STAMP = "Fri Dec  4 20:43:57 2026 Info: ";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)(?::([a-z]+))?}");

    @Property(tries = 500)
    void anyLogTextNeverThrows(@ForAll("patterns") @Size(max = 4) List<Template> expected,
                               @ForAll("anyLines") @Size(max = 12) List<String> log, @ForAll boolean exactly) {
        List<String> sources = expected.stream().map(Template::source).toList();
        LogMatch result = LogMatcher.match(sources, log, Map.of(), exactly);
        assertThat(result.describe()).isNotNull();
        Statistics.collect(result.matched() ? "matched" : "not matched");
    }

    @Property(tries = 500)
    void arbitraryPatternTextIsUsedOrRefusedByName(@ForAll("anyText") String source, @ForAll("anyText") String line) {
        Throwable thrown = catchThrowable(() -> new LinePattern(source).match(line, Map.of()));
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining(source);
        }
    }

    @Property(tries = 400)
    void capturesAreConsistentAndAFilledInLogAlwaysMatches(
            @ForAll("patterns") @Size(min = 1, max = 4) List<Template> expected,
            @ForAll("values") Map<String, String> values,
            @ForAll("anyLines") @Size(max = 6) List<String> noise, @ForAll boolean exactly) {
        List<String> log = new ArrayList<>();
        int n = 0;
        for (Template t : expected) {
            if (!exactly) {
                log.add(noise.isEmpty() ? STAMP + "noise" : stamped(noise.get(n++ % noise.size())));
            }
            log.add(STAMP + t.fill(values));
        }
        List<String> sources = expected.stream().map(Template::source).toList();
        LogMatch result = LogMatcher.match(sources, log, Map.of(), exactly);

        assertThat(result.matched()).as("%s%n%s", sources, result.describe()).isTrue();
        int previous = -1;
        for (int i = 0; i < sources.size(); i++) {
            int at = result.matchedLines()[i];
            assertThat(at).isGreaterThan(previous);
            if (exactly && i > 0) {
                assertThat(at).isEqualTo(previous + 1);
            }
            previous = at;
            assertThat(STAMP + expected.get(i).fill(result.bindings())).isEqualTo(log.get(at));
        }
    }

    @Example
    void aStampedLineHoldingALineSeparatorIsStillOneLogLine() {
        List<String> log = List.of(STAMP + "Connection Error: details: 452 a\u2028b\rc interface: 127.0.0.1",
                STAMP + "DCID 1 close");
        LogMatch result = LogMatcher.match(List.of("Connection Error: details: {d:any} interface: {ip:ip}", "DCID 1 close"),
                log, Map.of(), false);
        assertThat(result.matched()).as(result.describe()).isTrue();
        assertThat(result.bindings()).containsEntry("d", "452 a\u2028b\rc");
    }

    @Example
    void aHugeHostileLineCostsBoundedTime() {
        // Two {any} on a 20 KB line that nearly matches (five times the engine's longest reply line): the regex
        // search is quadratic in the line, so this stays well under a second. A 200 KB line would take minutes:
        // a known limit (RELIABILITY.md), not a hang the engine's own log can cause.
        String line = STAMP + "Delayed: " + "x ".repeat(10_000) + "no end";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            LogMatch result = LogMatcher.match(List.of("Delayed: {a:any} x {b:any} end!"), List.of(line), Map.of(), false);
            assertThat(result.matched()).isFalse();
            assertThat(result.describe()).contains("Delayed:");
        });
    }

    /** A pattern source and the types of its placeholders, so that values can be made to fit. */
    record Template(String source) {
        String fill(Map<String, String> values) {
            Matcher m = PLACEHOLDER.matcher(source);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String type = m.group(2) == null ? "word" : m.group(2);
                String value = values.getOrDefault(m.group(1), defaultFor(type));
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private static String defaultFor(String type) {
        return switch (type) {
            case "ip" -> "127.0.0.1";
            case "ctime" -> "Wed Jul  2 09:15:07 2014";
            case "any" -> "free text, with spaces";
            case "word" -> "w";
            default -> "7";
        };
    }

    /** Each name has one type in all generated patterns, so one value per name fits every use. */
    private static final List<String> PLACEHOLDERS = List.of("{d1:dcid}", "{d2:dcid}", "{m:mid}", "{ip:ip}",
            "{t:ctime}", "{x:any}", "{w}");

    /**
     * Patterns of LOG-1 pieces and regex metacharacters. Every literal ends in '#', which no value holds, so a
     * filled-in line has one reading and "always matches" is a fair demand of a matcher without full search
     * inside a line.
     */
    @Provide
    Arbitrary<List<Template>> patterns() {
        Arbitrary<String> literal = Arbitraries.of("New SMTP DCID ", " MID ", " to RID [", "]", " close", "Delivery start ",
                " (", ")", " '", "' ", " .*? ", " \\E \\Q ", " $1 ", " ^", " {", " }", " ü ", " ", "", ": ")
                .map(l -> l + "#");
        Arbitrary<String> step = Combinators.combine(Arbitraries.of(PLACEHOLDERS), literal).as((ph, l) -> ph + l);
        Arbitrary<String> source = Combinators.combine(literal, step.list().ofMaxSize(3))
                .as((first, rest) -> first + String.join("", rest));
        return source.map(Template::new).list();
    }

    @Provide
    Arbitrary<Map<String, String>> values() {
        Arbitrary<String> digits = Arbitraries.integers().between(0, 99_999).map(String::valueOf);
        return Combinators.combine(digits, digits, digits,
                Arbitraries.of("127.0.0.1", "::1", "fe80::1", "10.0.0.255", "127.1.0.2"),
                Arbitraries.of("Wed Jul  2 09:15:07 2014", "Mon Dec 14 23:05:00 2026"),
                Arbitraries.of("free text", "a b c", "x", "", "quoted 'q' (p) [b] $1 \\E", "ü ẞ", "{y}", "  "),
                Arbitraries.of("w", "a.b", "x-y", "{z}", "(", "\\Q"))
                .as((d1, d2, m, ip, t, x, w) -> Map.of("d1", d1, "d2", d2, "m", m, "ip", ip, "t", t, "x", x, "w", w));
    }

    @Provide
    Arbitrary<List<String>> anyLines() {
        return anyText().map(LogMatcherPropertyTest::maybeStamped).list();
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.of("New SMTP DCID 1 interface 127.0.0.1 address 127.0.0.1 port 25",
                        "DCID 1 close", "{x:any}", "{x:nope}", "{", "}", "{}", "{a:}", "\\", "\\Q", "\\E", "(?",
                        "[", "$", "\u0000", "\r", "\n", "\u2028", "Wed Jul  2 09:15:07 2014 Info: ", "x".repeat(5_000))),
                Tuple.of(1, Arbitraries.strings().withChars("{}:ab ").ofMaxLength(20)));
    }

    private static String maybeStamped(String text) {
        return text.hashCode() % 3 == 0 ? text : stamped(text);
    }

    private static String stamped(String text) {
        return STAMP + text;
    }
}
