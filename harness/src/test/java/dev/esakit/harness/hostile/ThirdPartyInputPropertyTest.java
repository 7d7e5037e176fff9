package dev.esakit.harness.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.esakit.harness.logsource.SyslogFormatException;
import dev.esakit.harness.logsource.SyslogParser;
import dev.esakit.harness.target.external.TargetProfileReader;
import dev.esakit.harness.world.SyslogReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Input from third-party targets and their operators, fuzzed: syslog messages a target pushes (LOG-6) either
 * parse or fail with {@link SyslogFormatException}; a target profile either loads or fails with an
 * IllegalArgumentException naming the file and line. And the scenario's syslog receiver binds loopback only.
 */
class ThirdPartyInputPropertyTest {
    private static final String PROFILE = """
            name: postfix
            description: a private instance
            submit:
              address: 127.0.0.1:${ESAKIT_POSTFIX_PORT:-10025}
              tls: none
            routes:
              mode: generated
              generator: postfix
              directory: ${ESAKIT_POSTFIX_DIR:-/tmp/esakit-postfix}
              listen: 127.0.0.1:${ESAKIT_POSTFIX_PORT:-10025}
              apply: [postfix/reload.sh, "{directory}"]
            lifecycle:
              start: [postfix/start.sh, "{directory}"]
              stop: [postfix/stop.sh, "{directory}", --purge]
            log:
              source: file
              path: "{directory}/log/maillog"
              dialect: postfix
            timing:
              timeScale: 0.1
              maxPassTime: 90s
              bounceProfile:
                initialWait: 6s
                maxWait: 360s
                maxTimeInQueue: 25920s
                maxRetries: none
            """;

    @Property(tries = 2_000)
    void aSyslogMessageParsesOrFailsWithItsOwnException(@ForAll("syslogTexts") String text) {
        Throwable thrown = catchThrowable(() -> new SyslogParser(ZoneOffset.UTC).parse(text, Instant.EPOCH,
                "127.0.0.1:514"));
        Statistics.collect(thrown == null ? "parsed" : "refused");
        if (thrown != null) {
            assertThat(thrown).as(text).isExactlyInstanceOf(SyslogFormatException.class);
        }
    }

    @Property(tries = 400)
    void aTargetProfileLoadsOrFailsWithFileAndLine(@ForAll("profiles") String yaml) throws IOException {
        Path file = Files.createTempFile("esakit-profile-", ".yaml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            Throwable thrown = catchThrowable(() -> new TargetProfileReader(Map.of()).load(file));
            Statistics.collect(thrown == null ? "loaded" : "refused");
            if (thrown != null) {
                assertThat(thrown).as(yaml).isExactlyInstanceOf(IllegalArgumentException.class);
                assertThat(thrown.getMessage()).startsWith(file.toAbsolutePath().normalize().toString());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Example
    void theScenarioSyslogReceiverRefusesANonLoopbackAddress() {
        // 192.0.2.1 (TEST-NET-1) is on no interface here, so even without the check nothing would be bound.
        assertThatThrownBy(() -> new SyslogReceiver("192.0.2.1")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        try (SyslogReceiver ok = new SyslogReceiver("127.1.200.1")) {
            assertThat(ok.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Provide
    Arbitrary<String> syslogTexts() {
        Arbitrary<String> pri = Arbitraries.of("<13>", "<0>", "<191>", "<192>", "<999>", "<-1>", "<>", "<13", "13>", "",
                "<1a>", "<0013>");
        Arbitrary<String> head = Arbitraries.of("Dec  4 21:00:00 host mail_logs: ", "Dec 4 21:00:00 mail_logs: ",
                "Feb 30 25:61:61 host x: ", "1 2026-12-04T21:00:00Z host app - - - ", "1 2026-12-04T21:00:00.123+01:00 h a p m - ",
                "1 not-a-time host app - - - ", "1 - - - - - - ", "2 2026-12-04T21:00:00Z h a - - - ", "", " ");
        Arbitrary<String> body = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("Info: MID 1 queued for delivery", "Info: ", "", "\u0000", "\ufeffBOM",
                        "[x=\"y\"] msg", "Info: a\u2028b")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.integers().between(1_000, 70_000).map("x"::repeat)));
        return Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(pri, head, body).as((p, h, b) -> p + h + b)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)));
    }

    @Provide
    Arbitrary<String> profiles() {
        List<String> lines = List.of(PROFILE.split("\n"));
        Arbitrary<String> odd = Arbitraries.of("address: 0.0.0.0:25", "address: [::1]:x", "address: host", "tls: maybe",
                "mode: magic", "generator: exim", "source: syslog", "source: carrier-pigeon", "dialect: klingon",
                "timeScale: -1", "timeScale: 0", "timeScale: x", "maxPassTime: 1e9s", "maxPassTime: forever",
                "listen: 10.0.0.1:25", "path: ${UNSET}", "path: ${BROKEN", "name: bad name!", "name: [a]", "- x",
                "  nested: {a: [b, {c: d}]}", "\t tab: x", "&a x: *a", "ledger: ../../../etc/passwd", "unknown: 1", "");
        Arbitrary<List<List<String>>> edits = Combinators.combine(Arbitraries.integers().between(0, lines.size() - 1),
                        Arbitraries.of("replace-value", "delete", "duplicate", "insert"), odd)
                .as((i, how, text) -> List.of(String.valueOf(i), how, text)).list().ofMaxSize(3);
        return edits.map(es -> {
            List<String> out = new ArrayList<>(lines);
            for (List<String> e : es) {
                int i = Math.min(Integer.parseInt(e.get(0)), out.size() - 1);
                if (i < 0) {
                    out.add(e.get(2));
                    continue;
                }
                switch (e.get(1)) {
                    case "replace-value" -> {
                        String l = out.get(i);
                        int indent = l.length() - l.stripLeading().length();
                        out.set(i, " ".repeat(indent) + e.get(2).strip());
                    }
                    case "delete" -> out.remove(i);
                    case "duplicate" -> out.add(i, out.get(i));
                    default -> out.add(i, e.get(2));
                }
            }
            return String.join("\n", out) + "\n";
        });
    }
}
