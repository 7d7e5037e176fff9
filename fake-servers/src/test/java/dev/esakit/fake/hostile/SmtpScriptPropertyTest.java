package dev.esakit.fake.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.esakit.fake.script.ScriptException;
import dev.esakit.fake.script.SmtpScript;
import dev.esakit.fake.smtp.FakeSmtpServer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * YAML scripts for the fake SMTP server, fuzzed: every key of the format with values of every YAML kind and
 * out-of-range numbers, unknown keys, broken indentation, tabs, duplicate keys, anchors and aliases, deep
 * nesting and plain noise. A script either loads (and applies to a server without throwing) or fails with a
 * {@link ScriptException} naming the file and a line of it; nothing else escapes.
 */
class SmtpScriptPropertyTest {
    private static final String FILE = "script.yaml";

    @Property(tries = 1_500)
    void aScriptLoadsOrFailsWithFileAndLine(@ForAll("scripts") String yaml) {
        Throwable thrown = catchThrowable(() -> SmtpScript.parse(yaml, FILE).applyTo(FakeSmtpServer.bind("127.0.0.1", 0)));
        Statistics.collect(thrown == null ? "loaded" : "refused");
        if (thrown != null) {
            assertThat(thrown).as("%s", yaml).isExactlyInstanceOf(ScriptException.class);
            ScriptException e = (ScriptException) thrown;
            assertThat(e.source()).isEqualTo(FILE);
            assertThat(e.getMessage()).startsWith(FILE + ":" + e.line());
            assertThat(e.line()).as("line of %s", e.getMessage()).isBetween(1, yaml.split("\r?\n", -1).length + 1);
        }
    }

    @Property(tries = 30_000)
    @Tag("stress")
    void aScriptLoadsOrFailsWithFileAndLineStress(@ForAll("scripts") String yaml) {
        aScriptLoadsOrFailsWithFileAndLine(yaml);
    }

    @Example
    void billionLaughsIsRefusedNotExpanded() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("rules: *a9\n");
        assertThat(catchThrowable(() -> SmtpScript.parse(yaml.toString(), FILE)))
                .isExactlyInstanceOf(ScriptException.class).hasMessageStartingWith(FILE + ":");
    }

    @Example
    void deepNestingIsRefusedWithAPlace() {
        String yaml = "rules: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        assertThat(catchThrowable(() -> SmtpScript.parse(yaml, FILE)))
                .isExactlyInstanceOf(ScriptException.class).hasMessageStartingWith(FILE + ":");
    }

    @Provide
    Arbitrary<String> scripts() {
        Arbitrary<String> rule = Combinators.combine(value("on"), field("matching").list().ofMaxSize(1),
                        Arbitraries.of("times", "connection", "occurrence", "delay", "reply", "text", "then",
                                "close-mid-data", "unknown").list().uniqueElements().ofMaxSize(3).flatMap(keys -> Combinators.combine(
                                keys.stream().map(SmtpScriptPropertyTest::field).toList()).as(List::copyOf)))
                .as((on, matching, fields) -> {
                    List<String> lines = new ArrayList<>(List.of("  - on:" + on));
                    matching.forEach(f -> lines.add("    " + f));
                    fields.forEach(f -> lines.add("    " + f));
                    return String.join("\n", lines);
                });
        Arbitrary<String> rules = rule.list().ofMaxSize(4).map(rs -> rs.isEmpty() ? "rules:" : "rules:\n" + String.join("\n", rs));
        Arbitrary<String> tops = Arbitraries.of("listen", "hostname", "extensions", "size", "bandwidth", "auth").list().uniqueElements()
                .ofMaxSize(2).flatMap(keys -> Combinators.combine(keys.stream().map(SmtpScriptPropertyTest::field).toList())
                        .as(fs -> String.join("\n", fs)));
        Arbitrary<String> clean = Combinators.combine(tops, rules).as((t, r) -> t.isEmpty() ? r : t + "\n" + r);
        // Some scripts get a line of noise or a bad indentation at a random place.
        return Combinators.combine(clean, noise(), Arbitraries.integers().between(0, 30),
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("none")),
                                Tuple.of(2, Arbitraries.just("insert")), Tuple.of(1, Arbitraries.just("indent"))))
                .as((yaml, n, at, how) -> {
                    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
                    int i = at % lines.size();
                    switch (how) {
                        case "insert" -> lines.add(i, n);
                        case "indent" -> lines.set(i, "\t" + lines.get(i));
                        default -> { }
                    }
                    return String.join("\n", lines) + "\n";
                });
    }

    private static Arbitrary<String> field(String key) {
        return value(key).map(v -> key + ":" + v);
    }

    /** Mostly values the key takes, some of the wrong kind or out of range, a few of anything. */
    private static Arbitrary<String> value(String key) {
        Arbitrary<String> fitting = switch (key) {
            case "on" -> Arbitraries.of(" mail", " rcpt", " data", " data-end", " greeting", " connect", " ehlo",
                    " quit", " end-of-data", " mial", " MAIL", " [mail]", "");
            case "matching" -> Arbitraries.of(" \"bob@.*\"", " \"[\"", " \"(a\"", " .*", " \"\\\\\"");
            case "times", "occurrence", "connection", "close-mid-data", "size", "bandwidth" -> Arbitraries.of(" 1",
                    " 2", " 0", " -1", " 99999999999", " 1.5", " 4.5e2", " 0x1F", " 0o17", " .inf", " [1, 2]",
                    " [1, x]", " []", " x", " ~");
            case "delay" -> Arbitraries.of(" 1.5s", " 250ms", " 2m", " 1h", " 0s", " 1e400s",
                    " 99999999999999999999m", " -1s", " s", " 10");
            case "reply" -> Arbitraries.of(" 452", " 250", " 550 5.1.1 No such user", " 451 4.3.0 Try later",
                    " default", " 199", " 600", " 4.5e2", " 452.0", " 99999999999", " 0x1F", " 1e400", " .inf",
                    " -452", " \"452\"", " \"45\"", " [452]", " 452-multi", " true");
            case "text" -> Arbitraries.of(" hello", " [a, b]", " []", " \"line\\r\\nbreak\"", " \"nul\\0\"",
                    " {a: b}", " 42", " [[a]]");
            case "then" -> Arbitraries.of(" close", " hang", " reset", " half-close", " half_close", " continue",
                    " explode", " [close]");
            case "listen" -> Arbitraries.of(" 127.0.0.1:0", " [::1]:0", " 10.0.0.1:25", " host:99999", " :25",
                    " 127.0.0.1", " [::1", " 127.0.0.1:-1", " 127.0.0.1:x");
            case "hostname" -> Arbitraries.of(" example.com", " \"\"", " [a]", " 42", " \"a\\r\\nb\"");
            case "extensions" -> Arbitraries.of(" [PIPELINING, SIZE]", " [NOPE]", " [AUTH PLAIN]", " []",
                    " PIPELINING", " [[SIZE]]", " [AUTH]", " [AUTH NOPE]");
            case "auth" -> Arbitraries.of(" {user: u, password: p}", " {user: u}", " {user: [u], password: p}",
                    " x", " {user: u, password: p, extra: 1}");
            default -> Arbitraries.of(" 1", " x");
        };
        Arbitrary<String> good = switch (key) {
            case "on" -> Arbitraries.of(" mail", " rcpt", " data", " data-end", " greeting", " ehlo", " quit");
            case "times", "occurrence", "connection", "size", "bandwidth" -> Arbitraries.of(" 1", " 2", " [1, 2]");
            case "close-mid-data" -> Arbitraries.of(" 10");
            case "delay" -> Arbitraries.of(" 1.5s", " 250ms");
            case "reply" -> Arbitraries.of(" 452", " 550 5.1.1 No such user", " default");
            case "then" -> Arbitraries.of(" close", " hang", " continue");
            case "listen" -> Arbitraries.of(" 127.0.0.1:0", " [::1]:0");
            default -> fitting;
        };
        return Arbitraries.frequencyOf(Tuple.of(12, good), Tuple.of(6, fitting),
                Tuple.of(1, Arbitraries.of(" ~", " {}", " []", " &a 1", " *a", " !!binary AAAA", " \"\"", "")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12).map(x -> " " + x)));
    }

    private static Arbitrary<String> noise() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(30)),
                Tuple.of(3, Arbitraries.of("---", "...", "%YAML 1.1", "- a", "{", "[", "\"", "'", ": :",
                        "\t- on: mail", "*undefined", "&a", "<<: *a", "? [a, b]: c", "!!python/object:os.system",
                        "key: !!int x", "rules:", "  - on: rcpt", "    reply: 452", "listen: 127.0.0.1:0")));
    }
}
