package dev.esakit.harness.logmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mail log matcher: captures, reuse, typed placeholders, backtracking, exactly mode, failure rendering. */
class LogMatcherTest {
    private static final String T = "Wed Jul  2 09:15:07 2014 Info: ";

    private static List<String> log(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.startsWith("Wed ") || t.startsWith("Thu ") ? t : T + t)
                .toList();
    }

    private static LogMatch match(List<String> expected, List<String> log) {
        return LogMatcher.match(expected, log, Map.of(), false);
    }

    @Test
    void aPlaceholderCapturesOnFirstUseAndMustMatchOnReuse() {
        List<String> expected = List.of("New SMTP DCID {d:dcid} interface 10.0.0.1", "DCID {d} close");
        assertThat(match(expected, log("New SMTP DCID 7 interface 10.0.0.1", "DCID 7 close")).bindings())
                .containsEntry("d", "7");
        assertThat(match(expected, log("New SMTP DCID 7 interface 10.0.0.1", "DCID 8 close")).matched()).isFalse();
    }

    @Test
    void reuseWithinOneLineMustAgree() {
        List<String> expected = List.of("Message done DCID {d:dcid} MID {m:mid} to RID [0] DCID {d}");
        assertThat(match(expected, log("Message done DCID 3 MID 9 to RID [0] DCID 3")).matched()).isTrue();
        assertThat(match(expected, log("Message done DCID 3 MID 9 to RID [0] DCID 4")).matched()).isFalse();
    }

    @Test
    void typedPlaceholdersConstrainWhatTheyCapture() {
        assertThat(match(List.of("MID {m:mid} done"), log("MID abc done")).matched()).isFalse();
        assertThat(match(List.of("address {a:ip} port {p:port}"), log("address ::1 port 25")).bindings())
                .containsEntry("a", "::1").containsEntry("p", "25");
        assertThat(match(List.of("pending till {t:ctime}"), log("pending till Wed Jul  2 09:16:07 2014"))
                .matched()).isTrue();
        assertThat(match(List.of("pending till {t:ctime}"), log("pending till tomorrow")).matched()).isFalse();
        assertThat(match(List.of("details: {x:any} reason: network error"),
                log("details: Connection refused: 127.0.0.1 reason: network error")).bindings())
                .containsEntry("x", "Connection refused: 127.0.0.1");
        assertThat(match(List.of("details: {x} reason"), log("details: two words reason")).matched())
                .as("an untyped placeholder is one word").isFalse();
    }

    @Test
    void anUnknownTypeIsAnErrorThatNamesTheLine() {
        assertThatThrownBy(() -> new LinePattern("DCID {d:dcdi} close"))
                .hasMessageContaining("dcdi").hasMessageContaining("DCID {d:dcdi} close");
    }

    @Test
    void givenBindingsAreLiteralValues() {
        LogMatch m = LogMatcher.match(List.of("address {mx-a.ip} port {mx-a.port}"),
                log("address 127.1.0.9 port 2525"), Map.of("mx-a.ip", "127.1.0.9", "mx-a.port", "2525"), false);
        assertThat(m.matched()).isTrue();
        assertThat(LogMatcher.match(List.of("address {mx-a.ip}"), log("address 127.1.0.10"),
                Map.of("mx-a.ip", "127.1.0.1"), false).matched()).as("no prefix match").isFalse();
    }

    @Test
    void anotherConnectionsInterleavedLinesDoNotBreakAnOrderedMatch() {
        List<String> expected = List.of(
                "New SMTP DCID {d:dcid} interface 10.0.0.1 address 10.0.0.20 port 25",
                "Delivery start DCID {d} MID {m:mid} to RID [0]",
                "Message done DCID {d} MID {m} to RID [0]");
        List<String> actual = log(
                "New SMTP DCID 1 interface 10.0.0.1 address 10.0.0.30 port 25",
                "New SMTP DCID 2 interface 10.0.0.1 address 10.0.0.20 port 25",
                "Delivery start DCID 1 MID 5 to RID [0]",
                "Delivery start DCID 2 MID 6 to RID [0]",
                "Message done DCID 1 MID 5 to RID [0]",
                "Message done DCID 2 MID 6 to RID [0]");
        LogMatch m = match(expected, actual);
        assertThat(m.matched()).isTrue();
        assertThat(m.bindings()).containsEntry("d", "2").containsEntry("m", "6");
        assertThat(m.matchedLines()).containsExactly(1, 3, 5);
    }

    @Test
    void theSearchBacktracksWhenAnEarlyCaptureLeadsNowhere() {
        // {d} first binds 1 (the first New SMTP line), which has no close; only DCID 2 completes the match.
        List<String> expected = List.of("New SMTP DCID {d:dcid} interface {i:ip}", "DCID {d} close");
        List<String> actual = log(
                "New SMTP DCID 1 interface 10.0.0.1",
                "New SMTP DCID 2 interface 10.0.0.1",
                "DCID 2 close");
        LogMatch m = match(expected, actual);
        assertThat(m.matched()).isTrue();
        assertThat(m.bindings()).containsEntry("d", "2");
    }

    @Test
    void orderMatters() {
        assertThat(match(List.of("DCID 1 close", "New SMTP DCID 1"), log("New SMTP DCID 1", "DCID 1 close"))
                .matched()).isFalse();
    }

    @Test
    void exactlyDemandsConsecutiveLinesFromTheFirstMatchOn() {
        List<String> expected = List.of("Start MID {m:mid} ICID 1", "MID {m} ICID 1 From: <a@b>");
        assertThat(LogMatcher.match(expected, log("Begin Logfile", "Start MID 4 ICID 1", "MID 4 ICID 1 From: <a@b>"),
                Map.of(), true).matched()).isTrue();
        assertThat(LogMatcher.match(expected, log("Start MID 4 ICID 1", "ICID 1 close", "MID 4 ICID 1 From: <a@b>"),
                Map.of(), true).matched()).as("a line in between").isFalse();
        assertThat(match(expected, log("Start MID 4 ICID 1", "ICID 1 close", "MID 4 ICID 1 From: <a@b>")).matched())
                .as("the same lines in order mode").isTrue();
    }

    @Test
    void aLineWithALeadingStampPlaceholderMatchesTheWholeLine() {
        List<String> expected = List.of("{t:ctime} Info: MID {m:mid} to RID [0] pending till {t+60s}");
        assertThat(match(expected, log(T + "MID 1 to RID [0] pending till Wed Jul  2 09:16:07 2014")).matched())
                .isTrue();
        assertThat(match(expected, log(T + "MID 1 to RID [0] pending till Wed Jul  2 09:16:08 2014")).matched())
                .isFalse();
    }

    @Test
    void shiftedCtimesCrossLinesDaysAndMonths() {
        List<String> expected = List.of("{t0:ctime} Info: Start MID 1 ICID 1",
                "{t0+120s} Info: MID 1 to RID [0] pending till {t0+2h}");
        List<String> actual = List.of(
                "Thu Jul 31 23:59:00 2014 Info: Start MID 1 ICID 1",
                "Fri Aug  1 00:01:00 2014 Info: MID 1 to RID [0] pending till Fri Aug  1 01:59:00 2014");
        assertThat(match(expected, actual).matched()).isTrue();
        assertThat(LinePattern.shift("Wed Jul  2 09:15:07 2014", java.time.Duration.ofSeconds(-8)))
                .isEqualTo("Wed Jul  2 09:14:59 2014");
    }

    @Test
    void aLogLineWithoutTheStampIsReportedAsSuch() {
        LogMatch m = match(List.of("Begin Logfile"), List.of("Begin Logfile"));
        assertThat(m.matched()).isFalse();
        assertThat(m.describe()).contains("Log line 1 lacks the '<ctime> <Level>: ' stamp");
    }

    @Test
    void aFailureShowsExpectedAgainstActualWithTheFirstMismatchMarked() {
        List<String> expected = List.of(
                "New SMTP DCID {d:dcid} interface 10.0.0.1 address 10.0.0.10 port 25",
                "Connection Error: DCID {d} domain: example.com IP: 10.0.0.10 port: 25 reason: network error",
                "Message finished MID {m:mid} done");
        List<String> actual = log(
                "New SMTP DCID 299 interface 10.0.0.1 address 10.0.0.10 port 25",
                "Connection Error: DCID 299 domain: example.com IP: 10.0.0.10 port: 25 reason: unexpected SMTP response",
                "Message finished MID 3 done");
        LogMatch m = match(expected, actual);
        assertThat(m.matched()).isFalse();
        assertThat(m.firstMismatch()).isEqualTo(1);
        String text = m.describe();
        assertThat(text).contains("  ok   New SMTP DCID {d:dcid}")
                .contains(">>NO<< Connection Error: DCID {d}")
                .contains("= line 1")
                .contains("Closest actual line to the first mismatch: line 2")
                .contains(">>   2  " + T + "Connection Error: DCID 299")
                .contains("Bound placeholders: {d=299}");
        // The caret sits under the first character that differs: the 'u' of "unexpected".
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Closest actual line")) {
                int caret = lines[i + 2].indexOf('^');
                assertThat(lines[i + 1].charAt(caret)).isEqualTo('u');
                assertThat(lines[i + 1].substring(caret)).startsWith("unexpected SMTP response");
            }
        }
    }

    @Test
    void syslogMessagesMatchTheirText() {
        List<String> expected = List.of("Start MID {m:mid} ICID {i:icid}", "Message finished MID {m} done");
        List<String> messages = List.of("<22>Jul  2 09:15:07 mail_logs: Info: Start MID 1 ICID 1",
                "<22>Jul  2 09:15:08 esa.example mail_logs: Info: Message finished MID 1 done");
        assertThat(LogMatcher.matchSyslog(expected, messages, Map.of()).matched()).isTrue();
        assertThat(LogMatcher.matchSyslog(expected, List.of("Jul  2 09:15:07 mail_logs: Info: Start MID 1 ICID 1"),
                Map.of()).describe()).contains("lacks the syslog form");
    }

    @Test
    void aPathologicalSearchGivesUpWithAClearProblem() {
        // 12 expected lines that each match any of 40 log lines, but the last one matches none: the search is
        // exponential without its bound.
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add("x {v" + i + ":int}");
        }
        expected.add("never");
        String[] texts = new String[40];
        java.util.Arrays.fill(texts, "x 1");
        LogMatch m = match(expected, log(texts));
        assertThat(m.matched()).isFalse();
        assertThat(m.describe()).contains("The search gave up after");
    }
}
