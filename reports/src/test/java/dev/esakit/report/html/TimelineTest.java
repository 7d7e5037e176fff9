package dev.esakit.report.html;

import dev.esakit.report.TranscriptEntry;
import dev.esakit.report.TranscriptView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {
    private static final Instant T0 = Instant.parse("2025-03-14T09:15:07Z");

    /** A connection from lines "S:250 ok", "C:QUIT" at the given millisecond offsets. */
    private static TranscriptView conn(String host, int n, Object... msAndLines) {
        List<TranscriptEntry> lines = new ArrayList<>();
        for (int i = 0; i < msAndLines.length; i += 2) {
            String line = (String) msAndLines[i + 1];
            lines.add(new TranscriptEntry(T0.plusMillis((Integer) msAndLines[i]), line.substring(0, 1), line.substring(2)));
        }
        return new TranscriptView(host, "127.0.0.1:2525", n, lines);
    }

    @Test
    void theOutcomeIsTheLastReplyBeforeQuit() {
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:220 hi", 1, "C:MAIL FROM:<a@b>", 2, "S:452 4.3.1 full",
                3, "C:QUIT", 4, "S:221 bye"))).isEqualTo(new ConnectionOutcome("out-4xx", "last reply 452", "452"));
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:220 hi", 1, "C:RCPT TO:<x@y>", 2, "S:550 5.1.1 no")).cssClass())
                .isEqualTo("out-5xx");
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:250-first", 1, "S:250 last")).label()).isEqualTo("last reply 250");
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:220 hi", 1, "C:DATA", 2, "S:354 go")).cssClass())
                .as("a 354 left hanging").isEqualTo("out-none");
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "C:EHLO x"))).isEqualTo(new ConnectionOutcome("out-none", "no reply", "—"));
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:garbage")).label()).isEqualTo("last reply unparsable");
        assertThat(ConnectionOutcome.of(conn("a", 1, 0, "S:2500 x")).label()).isEqualTo("last reply unparsable");
    }

    @Test
    void barsRunFromFirstToLastLineOnTheHostsRow() {
        Timeline t = Timeline.of(List.of(
                conn("mx-a", 1, 0, "S:452 full"),
                conn("mx-b", 1, 500, "S:220 hi", 1000, "S:250 ok")), T0);
        assertThat(t.rows()).extracting(Timeline.Row::host).containsExactly("mx-a", "mx-b");
        Timeline.Bar a = t.bars().get(0);
        Timeline.Bar b = t.bars().get(1);
        assertThat(a.cssClass()).isEqualTo("out-4xx");
        assertThat(b.cssClass()).isEqualTo("out-2xx");
        // The plot runs from x=190 to x=900 over 1000 ms; a zero-length connection still shows.
        assertThat(a.x()).isEqualTo("190.0");
        assertThat(a.width()).isEqualTo("4.0");
        assertThat(b.x()).isEqualTo("545.0");
        assertThat(b.width()).isEqualTo("355.0");
        assertThat(Double.parseDouble(b.y())).isGreaterThan(Double.parseDouble(a.y()));
        assertThat(b.label()).isEqualTo("#1 250");
        assertThat(b.anchor()).as("the margin right of the plot holds the label").isEqualTo("start");
        assertThat(b.labelX()).isEqualTo("905.0");
        assertThat(b.title()).isEqualTo("mx-b (127.0.0.1:2525) connection #1: +0.500 s to +1.000 s, 2 lines, last reply 250");
        assertThat(t.ticks()).extracting(Timeline.Tick::label)
                .containsExactly("0 ms", "200 ms", "400 ms", "600 ms", "800 ms", "1000 ms");
        assertThat(t.undrawnNote()).isNull();
    }

    @Test
    void aLabelWithNoRoomOnTheRightGoesLeft() {
        Timeline t = Timeline.of(List.of(conn("mx-a", 1, 0, "S:220 hi"), conn("mx-a", 123456789, 1000, "S:250 ok")), T0);
        Timeline.Bar last = t.bars().get(1);
        assertThat(last.anchor()).isEqualTo("end");
        assertThat(last.labelX()).isEqualTo("895.0");
    }

    @Test
    void overlappingConnectionsToOneHostGetTheirOwnLanes() {
        Timeline t = Timeline.of(List.of(
                conn("mx-a", 1, 0, "S:220 a", 600, "S:250 ok"),
                conn("mx-a", 2, 100, "S:220 a", 700, "S:250 ok"),
                conn("mx-a", 3, 5000, "S:220 a", 6000, "S:250 ok")), T0);
        assertThat(t.rows()).hasSize(1);
        List<String> ys = t.bars().stream().map(Timeline.Bar::y).toList();
        assertThat(ys.get(0)).isNotEqualTo(ys.get(1));
        assertThat(ys.get(2)).as("the third starts after the first ended: back to lane one").isEqualTo(ys.get(0));
        assertThat(Double.parseDouble(t.rows().get(0).height())).isEqualTo(2 * 24 + 6);
        assertThat(t.ticks()).extracting(Timeline.Tick::label).startsWith("0 s", "1 s", "2 s");
    }

    @Test
    void connectionsWithoutLinesAreCountedNotDrawn() {
        assertThat(Timeline.of(List.of(new TranscriptView("mx-a", "127.0.0.1:25", 1, List.of())), T0)).isNull();
        Timeline t = Timeline.of(List.of(new TranscriptView("mx-a", "127.0.0.1:25", 1, List.of()),
                conn("mx-b", 1, 0, "S:220 hi")), T0);
        assertThat(t.bars()).hasSize(1);
        assertThat(t.undrawnNote()).isEqualTo("1 connection exchanged no lines and is not drawn.");
    }
}
