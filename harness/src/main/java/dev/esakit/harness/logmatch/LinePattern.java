package dev.esakit.harness.logmatch;

import dev.esakit.engine.log.Ctime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One expected log line: literal text with placeholders. {@code {name}} captures a value on first use and
 * must match the same value on reuse; {@code {name:type}} also constrains what it captures. Types:
 * {@code dcid mid icid rid int port} (digits), {@code ip} (IPv4 or IPv6), {@code ctime} (the stamp form),
 * {@code any} (any text, possibly with spaces). An untyped placeholder is one word (no spaces).
 */
public final class LinePattern {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)(?::([a-z]+))?}");
    static final Map<String, String> TYPES = Map.of(
            "dcid", "\\d+", "mid", "\\d+", "icid", "\\d+", "rid", "\\d+", "int", "\\d+", "port", "\\d+",
            "ip", "[0-9A-Fa-f.:]+", "ctime", Ctime.PATTERN, "any", ".*?", "word", "\\S+");

    private final String source;
    private final List<Object> parts = new ArrayList<>(); // String literal or Slot

    private record Slot(String name, String regex) {
    }

    public LinePattern(String source) {
        this.source = source;
        Matcher m = PLACEHOLDER.matcher(source);
        int last = 0;
        while (m.find()) {
            parts.add(source.substring(last, m.start()));
            String type = m.group(2) == null ? "word" : m.group(2);
            String regex = TYPES.get(type);
            if (regex == null) {
                throw new IllegalArgumentException("unknown placeholder type '" + type + "' in: " + source
                        + " (known: " + String.join(", ", TYPES.keySet()) + ")");
            }
            parts.add(new Slot(m.group(1), regex));
            last = m.end();
        }
        parts.add(source.substring(last));
    }

    public String source() {
        return source;
    }

    /**
     * Matches one log line's text (after its stamp and level) against this pattern, given the values bound
     * so far. Returns the bindings extended by what this line captured, or null when it does not match.
     */
    public Map<String, String> match(String text, Map<String, String> bound) {
        StringBuilder regex = new StringBuilder("(?s)^"); // {x:any} spans a stray CR or U+2028 in a target's line
        Map<String, String> groupOf = new HashMap<>();
        for (Object part : parts) {
            if (part instanceof String literal) {
                regex.append(Pattern.quote(literal));
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
        return out;
    }
}
