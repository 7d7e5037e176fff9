package dev.esakit.report.html;

import dev.esakit.report.TranscriptView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The geometry of a scenario's connection timeline: one row per destination host, one bar per
 * connection from its first to its last transcript line, coloured by its {@link ConnectionOutcome}.
 * Connections to one host that overlap in time (or whose labels would) go on separate lanes of its row.
 * The template draws the SVG from these numbers; nothing here knows SVG syntax beyond coordinates.
 */
record Timeline(String width, String height, String plotLeft, String plotRight, String axisY,
                List<Row> rows, List<Bar> bars, List<Tick> ticks, String undrawnNote) {

    private static final double WIDTH = 960;
    private static final double PLOT_LEFT = 190;
    private static final double PLOT_RIGHT = 900;
    private static final double TOP = 8;
    private static final double LANE = 24;
    private static final double BAR = 14;
    private static final double ROW_GAP = 6;
    private static final double MIN_BAR = 4;
    private static final double CHAR_WIDTH = 6.4; // 11px sans-serif, a generous average
    private static final double LABEL_GAP = 5;

    record Row(String y, String height, String labelY, String host, String addresses, boolean shaded) {
    }

    record Bar(String x, String y, String width, String height, String cssClass, String title,
               String label, String labelX, String labelY, String anchor) {
    }

    record Tick(String x, String label) {
    }

    /** Null when no connection exchanged a line: there is nothing to place in time. */
    static Timeline of(List<TranscriptView> connections, Instant origin) {
        List<TranscriptView> drawn = connections.stream().filter(c -> !c.lines().isEmpty()).toList();
        if (drawn.isEmpty()) {
            return null;
        }
        Instant end = drawn.stream().map(c -> c.lines().get(c.lines().size() - 1).at())
                .max(Comparator.naturalOrder()).orElseThrow();
        double spanMs = Math.max(1, millisBetween(origin, end));
        double plotWidth = PLOT_RIGHT - PLOT_LEFT;

        Map<String, List<TranscriptView>> byHost = new LinkedHashMap<>();
        for (TranscriptView c : drawn) {
            byHost.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c);
        }

        List<Row> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        double y = TOP;
        int rowIndex = 0;
        for (Map.Entry<String, List<TranscriptView>> host : byHost.entrySet()) {
            List<TranscriptView> conns = new ArrayList<>(host.getValue());
            conns.sort(Comparator.comparing(c -> c.lines().get(0).at()));
            List<Double> laneEnds = new ArrayList<>();
            List<Bar> hostBars = new ArrayList<>();
            List<Integer> hostLanes = new ArrayList<>();
            for (TranscriptView c : conns) {
                Instant first = c.lines().get(0).at();
                Instant last = c.lines().get(c.lines().size() - 1).at();
                ConnectionOutcome outcome = ConnectionOutcome.of(c);
                double x = PLOT_LEFT + millisBetween(origin, first) / spanMs * plotWidth;
                double w = Math.max(MIN_BAR, millisBetween(first, last) / spanMs * plotWidth);
                String label = "#" + c.connection() + " " + outcome.code();
                double labelWidth = label.length() * CHAR_WIDTH;
                boolean labelLeft = x + w + LABEL_GAP + labelWidth > WIDTH - 4;
                double occupiedFrom = labelLeft ? x - LABEL_GAP - labelWidth : x;
                double occupiedTo = labelLeft ? x + w : x + w + LABEL_GAP + labelWidth;
                int lane = 0;
                while (lane < laneEnds.size() && laneEnds.get(lane) + 2 > occupiedFrom) {
                    lane++;
                }
                if (lane == laneEnds.size()) {
                    laneEnds.add(occupiedTo);
                } else {
                    laneEnds.set(lane, occupiedTo);
                }
                String title = c.host() + " (" + c.address() + ") connection #" + c.connection() + ": "
                        + offset(origin, first) + " to " + offset(origin, last) + ", " + c.lines().size()
                        + " lines, " + outcome.label();
                hostBars.add(new Bar(num(x), null, num(w), num(BAR), outcome.cssClass(), title, label,
                        num(labelLeft ? x - LABEL_GAP : x + w + LABEL_GAP), null,
                        labelLeft ? "end" : "start"));
                hostLanes.add(lane);
            }
            double rowHeight = laneEnds.size() * LANE;
            for (int i = 0; i < hostBars.size(); i++) {
                Bar b = hostBars.get(i);
                double laneTop = y + hostLanes.get(i) * LANE + (LANE - BAR) / 2;
                bars.add(new Bar(b.x(), num(laneTop), b.width(), b.height(), b.cssClass(), b.title(), b.label(),
                        b.labelX(), num(laneTop + BAR - 3), b.anchor()));
            }
            Set<String> addresses = new LinkedHashSet<>();
            conns.forEach(c -> addresses.add(c.address()));
            rows.add(new Row(num(y - ROW_GAP / 2), num(rowHeight + ROW_GAP), num(y + Math.min(rowHeight, LANE) / 2),
                    host.getKey(), String.join(", ", addresses), rowIndex % 2 == 0));
            y += rowHeight + ROW_GAP;
            rowIndex++;
        }

        double axisY = y;
        List<Tick> ticks = new ArrayList<>();
        double step = niceStep(spanMs / 6);
        for (double t = 0; t <= spanMs + step / 1000; t += step) {
            ticks.add(new Tick(num(PLOT_LEFT + t / spanMs * plotWidth), tickLabel(t, step)));
        }
        int undrawn = connections.size() - drawn.size();
        String note = undrawn == 0 ? null : undrawn + (undrawn == 1 ? " connection" : " connections")
                + " exchanged no lines and " + (undrawn == 1 ? "is" : "are") + " not drawn.";
        return new Timeline(num(WIDTH), num(axisY + 24), num(PLOT_LEFT), num(PLOT_RIGHT), num(axisY),
                rows, bars, ticks, note);
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }

    /** Time since the scenario's first transcript line, as transcripts and timeline tooltips show it. */
    static String offset(Instant origin, Instant at) {
        return String.format(Locale.ROOT, "+%.3f s", millisBetween(origin, at) / 1000.0);
    }

    /** 1, 2 or 5 times a power of ten milliseconds, at least the raw step. */
    private static double niceStep(double raw) {
        double step = 1;
        while (true) {
            for (double m : new double[] {1, 2, 5}) {
                if (step * m >= raw) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    private static String tickLabel(double ms, double step) {
        if (step < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
