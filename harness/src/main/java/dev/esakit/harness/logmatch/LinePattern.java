package dev.esakit.harness.logmatch;

import dev.esakit.engine.log.Ctime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One expected log line: literal text with placeholders. {@code {name}} captures a value on first use and
 * must match the same value on reuse; {@code {name:type}} also constrains what it captures. Types:
 * {@code dcid mid icid rid int port} (digits), {@code ip} (IPv4 or IPv6), {@code ctime} (the stamp form),
 * {@code any} (any text, possibly with spaces), {@code word} (no spaces; the default).
 *
 * <p>{@code {name+60s}} (units s, m, h; also {@code -}) is the ctime that {@code name} holds, shifted: the way
 * to say "pending till one minute after the attempt". A line that begins with a placeholder and a level,
 * {@code {t:ctime} Info: ...}, matches the whole log line, stamp included; any other line matches the text
 * after the stamp and level.
 */
public final class LinePattern {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{([A-Za-z0-9_.-]+?)(?:([+-])(\\d+)([smh]))?(?::([a-z]+))?}");
    private static final Pattern WHOLE_LINE =
            Pattern.compile("^\\{[^}]+} (?:Info|Warning|Critical|Debug|Trace): .*");
    static final Map<String, String> TYPES = Map.of(
            "dcid", "\\d+", "mid", "\\d+", "icid", "\\d+", "rid", "\\d+", "int", "\\d+", "port", "\\d+",
            "ip", "[0-9A-Fa-f.:]+", "ctime", Ctime.PATTERN, "any", ".*?", "word", "\\S+");
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private final String source;
    private final boolean wholeLine;
    private final List<Object> parts = new ArrayList<>(); // String literal, Slot or Shifted

    private record Slot(String name, String regex) {
    }

    /** A ctime that must equal {@code base}'s value plus {@code shift}. */
    private record Shifted(String base, Duration shift) {
    }

    public LinePattern(String source) {
        this.source = source;
        this.wholeLine = WHOLE_LINE.matcher(source).matches();
        Matcher m = PLACEHOLDER.matcher(source);
        int last = 0;
        while (m.find()) {
            parts.add(source.substring(last, m.start()));
            if (m.group(2) != null) {
                if (m.group(5) != null) {
                    throw new IllegalArgumentException("a shifted placeholder takes no type: " + m.group()
                            + " in: " + source);
                }
                long n = Long.parseLong(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                Duration shift = switch (m.group(4)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
                parts.add(new Shifted(m.group(1), shift));
            } else {
                String type = m.group(5) == null ? "word" : m.group(5);
                String regex = TYPES.get(type);
                if (regex == null) {
                    throw new IllegalArgumentException("unknown placeholder type '" + type + "' in: " + source
                            + " (known: " + String.join(", ", TYPES.keySet()) + ")");
                }
                parts.add(new Slot(m.group(1), regex));
            }
            last = m.end();
        }
        parts.add(source.substring(last));
    }

    public String source() {
        return source;
    }

    /** Whether this pattern is matched against the whole stamped line rather than its text. */
    public boolean wholeLine() {
        return wholeLine;
    }

    /**
     * Matches one log line's text (after its stamp and level, or the whole line if {@link #wholeLine()})
     * against this pattern, given the values bound so far. Returns the bindings extended by what this line
     * captured, or null when it does not match.
     */
    public Map<String, String> match(String text, Map<String, String> bound) {
        StringBuilder regex = new StringBuilder("(?s)^"); // {x:any} spans a stray CR or U+2028 in a target's line
        Map<String, String> groupOf = new HashMap<>();
        List<String> shiftedGroups = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String literal) {
                regex.append(Pattern.quote(literal));
            } else if (part instanceof Shifted) {
                String group = "s" + shiftedGroups.size();
                shiftedGroups.add(group);
                regex.append("(?<").append(group).append('>').append(Ctime.PATTERN).append(')');
            } else {
                Slot slot = (Slot) part;
                String value = bound.get(slot.name);
                if (value != null) {
                    regex.append(Pattern.quote(value));
                } else if (groupOf.containsKey(slot.name)) {
                    regex.append("\\k<").append(groupOf.get(slot.name)).append('>');
                } else {
                    String group = "g" + groupOf.size();
                    groupOf.put(slot.name, group);
                    regex.append("(?<").append(group).append('>').append(slot.regex).append(')');
                }
            }
        }
        Matcher m = Pattern.compile(regex.append('$').toString()).matcher(text);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new HashMap<>(bound);
        groupOf.forEach((name, group) -> out.put(name, m.group(group)));
        int i = 0;
        for (Object part : parts) {
            if (part instanceof Shifted s) {
                String base = out.get(s.base());
                String actual = m.group(shiftedGroups.get(i++));
                if (base == null || !actual.equals(shift(base, s.shift()))) {
                    return null;
                }
            }
        }
        return out;
    }

    /** The ctime {@code base} moved by {@code shift}, or null when {@code base} is not a ctime. */
    static String shift(String base, Duration shift) {
        try {
            return CTIME.format(LocalDateTime.parse(base, CTIME).plus(shift));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * How far this pattern agrees with {@code text}, given the values bound so far: the index of the first
     * character where they part. Whole parts (literals and placeholders) are matched as long as they agree,
     * then the next literal character by character. For showing where a near miss went wrong.
     */
    public int agreement(String text, Map<String, String> bound) {
        StringBuilder regex = new StringBuilder();
        int end = 0;
        for (Object part : parts) {
            String piece;
            if (part instanceof String literal) {
                piece = Pattern.quote(literal);
            } else if (part instanceof Slot slot && bound.containsKey(slot.name)) {
                piece = Pattern.quote(bound.get(slot.name));
            } else if (part instanceof Slot slot) {
                piece = "(?:" + slot.regex + ")";
            } else {
                piece = "(?:" + Ctime.PATTERN + ")";
            }
            Matcher m = Pattern.compile(regex + piece).matcher(text);
            if (!m.lookingAt()) {
                if (part instanceof String literal) {
                    end += commonPrefix(literal, text.substring(Math.min(end, text.length())));
                }
                return end;
            }
            regex.append(piece);
            end = m.end();
        }
        return end;
    }

    private static int commonPrefix(CharSequence a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
