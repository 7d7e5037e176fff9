package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.esakit.engine.control.DestinationControlsParser;
import dev.esakit.engine.queue.BounceProfilesParser;
import dev.esakit.engine.routing.Route;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.RoutesFormatException;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The operator's files the engine reads, fuzzed: {@code smtproutes} (RT-6) and destination controls. Whatever
 * the text, the parser either returns routes or fails with its own exception naming the file and a line that
 * exists; no NullPointerException, NumberFormatException or IndexOutOfBounds escapes. Texts come from the
 * grammar's own pieces (domains, hosts, ports, priorities, brackets, commas, comments) mixed with noise.
 */
class ConfigFilePropertyTest {
    private static final Pattern PLACE = Pattern.compile("^routes\\.txt:(\\d+): .+", Pattern.DOTALL);

    @Property(tries = 1_500)
    void smtproutesFailsOnlyWithFileAndLine(@ForAll("routesTexts") String text) {
        Throwable thrown = catchThrowable(() -> SmtpRoutesParser.parse(text, "routes.txt"));
        Statistics.collect(thrown == null ? "parsed" : "refused");
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(RoutesFormatException.class);
            assertLineExists(thrown.getMessage(), text);
        }
    }

    @Property(tries = 30_000)
    @Tag("stress")
    void smtproutesFailsOnlyWithFileAndLineStress(@ForAll("routesTexts") String text) {
        smtproutesFailsOnlyWithFileAndLine(text);
    }

    @Property(tries = 30_000)
    @Tag("stress")
    void destinationControlsFailOnlyWithFileAndLineStress(@ForAll("controlsTexts") String text) {
        destinationControlsFailOnlyWithFileAndLine(text);
    }

    @Property(tries = 500)
    void parsedRoutesWriteBackToTheSameRoutesAndLookUpAnyDomain(@ForAll("routesTexts") String text,
                                                                @ForAll("domains") String domain) {
        List<Route> routes;
        try {
            routes = SmtpRoutesParser.parse(text, "routes.txt");
        } catch (RoutesFormatException e) {
            return; // covered above
        }
        RouteTable table = new RouteTable(routes);
        assertThat(SmtpRoutesParser.parse(table.toSmtpRoutes(), "written")).isEqualTo(routes);
        assertThat(catchThrowable(() -> table.lookup(domain))).isNull();
    }

    @Property(tries = 1_000)
    void destinationControlsFailOnlyWithFileAndLine(@ForAll("controlsTexts") String text) {
        Throwable thrown = catchThrowable(() -> DestinationControlsParser.parse(text, "routes.txt"));
        Statistics.collect(thrown == null ? "parsed" : "refused");
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
            assertLineExists(thrown.getMessage(), text);
        }
    }

    @Property(tries = 1_000)
    void bounceProfilesFailOnlyWithFileAndLine(@ForAll("profilesTexts") String text) {
        Throwable thrown = catchThrowable(() -> BounceProfilesParser.parse(text, "routes.txt"));
        Statistics.collect(thrown == null ? "parsed" : "refused");
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
            assertLineExists(thrown.getMessage(), text);
        }
    }

    @Property(tries = 30_000)
    @Tag("stress")
    void bounceProfilesFailOnlyWithFileAndLineStress(@ForAll("profilesTexts") String text) {
        bounceProfilesFailOnlyWithFileAndLine(text);
    }

    @Provide
    Arbitrary<String> profilesTexts() {
        Arbitrary<String> setting = Combinators.combine(
                Arbitraries.of("max-retries", "max-time-in-queue", "initial-wait", "max-wait", "delay-warnings",
                        "colour", "", "max-wait="),
                Arbitraries.of("0", "1", "60", "3600", "-1", "ten", "", "yes", "no", "maybe", "9223372036854775807",
                        "9223372036854775808", "99999999999999999999", "1.5", "0x10", "٣"))
                .as((k, v) -> k + "=" + v);
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(Arbitraries.of("default", "slow", "a", "", "a b"),
                        setting.list().ofMaxSize(4)).as((name, ss) -> "profile " + name + " " + String.join(" ", ss))),
                Tuple.of(3, Combinators.combine(domains(), Arbitraries.of("default", "slow", "a", "nope", ""))
                        .as((d, p) -> "route " + d + " " + p)),
                Tuple.of(1, Arbitraries.of("profile", "route", "route a", "retry everything", "# c", "")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
        return line.list().ofMaxSize(6).map(ls -> String.join("\n", ls));
    }

    private static void assertLineExists(String message, String text) {
        Matcher m = PLACE.matcher(message);
        assertThat(m.matches()).as("names file and line: %s", message).isTrue();
        int line = Integer.parseInt(m.group(1));
        assertThat(line).isBetween(1, text.split("\r?\n", -1).length);
    }

    @Provide
    Arbitrary<String> routesTexts() {
        Arbitrary<String> destination = Combinators.combine(hosts(), ports(), priorities())
                .as((h, p, pri) -> h + p + pri);
        Arbitrary<String> destinations = destination.list().ofMinSize(0).ofMaxSize(4)
                .flatMap(ds -> Arbitraries.of(", ", ",", " , ", ",,", " ").map(sep -> String.join(sep, ds)));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(10, Combinators.combine(domains(), spaces(), destinations, comments())
                        .as((d, s, ds, c) -> d + s + ds + c)),
                Tuple.of(2, Combinators.combine(domains(), spaces(), Arbitraries.of("USEDNS", "usedns", "/dev/null",
                        "/dev/nul", "USEDNS, a/pri=1")).as((d, s, w) -> d + s + w)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, comments()));
        return line.list().ofMaxSize(8).flatMap(ls -> Arbitraries.of("\n", "\r\n", "\r").map(eol -> String.join(eol, ls)));
    }

    @Provide
    Arbitrary<String> controlsTexts() {
        Arbitrary<String> option = Arbitraries.of("tls=no", "tls=preferred", "tls=required", "tls=maybe", "tls=",
                "auth=p1", "auth=nope", "max-connections=10", "max-connections=-1", "max-connections=99999999999",
                "max-connections=x", "=x", "x", "user=u", "password=p", "color=blue");
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(domains(), option.list().ofMaxSize(4))
                        .as((d, os) -> d + " " + String.join(" ", os))),
                Tuple.of(3, option.list().ofMaxSize(3).map(os -> "auth-profile p1 " + String.join(" ", os))),
                Tuple.of(1, Arbitraries.of("auth-profile", "auth-profile p2 user=u password=p # ok")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)));
        return line.list().ofMaxSize(6).map(ls -> String.join("\n", ls));
    }

    @Provide
    Arbitrary<String> domains() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("example.com", ".example.com", "ALL", "all", "a", "sub.example.com",
                        "xn--bcher-kva.example", "EXAMPLE.COM", "a_b.test", "-", ".", "..", "a..b", ".a.", "*.example.com",
                        "exämple.com", "", "a@b", "[127.0.0.1]")),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-').ofMaxLength(300)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
    }

    private static Arbitrary<String> hosts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("127.0.0.1", "127.1.0.2", "mx.example.com", "::1", "[::1]", "[fe80::1%eth0]",
                        "[::ffff:127.0.0.1]", "[", "]", "[]", "[::1", "host name", "h/x", "ho:st", ":", "", "USEDNS",
                        "/dev/null", "a,b", "é")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
    }

    private static Arbitrary<String> ports() {
        return Arbitraries.of("", ":25", ":2525", ":0", ":65535", ":65536", ":99999", ":123456", ":", ":-1", ":x",
                ":٣");
    }

    private static Arbitrary<String> priorities() {
        return Arbitraries.of("", "/pri=0", "/pri=10", "/pri=65535", "/pri=65536", "/pri=99999", "/pri=999999",
                "/pri=", "/pri=-1", "/pri=x", "/PRI=1", "/pri=1/pri=2", "/");
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of(" ", "\t", "   ", " \t ", "\u00a0", "\u2003");
    }

    private static Arbitrary<String> comments() {
        return Arbitraries.of("", "", "", " # comment", "#", " #, x/pri=1", "\t# ü");
    }
}
