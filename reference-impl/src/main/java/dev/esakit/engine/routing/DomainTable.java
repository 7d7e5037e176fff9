package dev.esakit.engine.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Entries keyed by a receiving-domain pattern (RT-2): exact ({@code example.com}), partial ({@code .example.com})
 * or {@code ALL}. A lookup returns the most specific entry: exact, then the longest partial, then {@code ALL}. It
 * walks the labels of the domain once, so it costs O(labels), whatever the number of entries. A later entry
 * for the same pattern replaces an earlier one.
 */
public final class DomainTable<T> {
    private final Map<String, T> exact = new HashMap<>();
    private final Map<String, T> partial = new HashMap<>();
    private T all;

    public DomainTable(List<T> entries, Function<T, String> pattern) {
        for (T entry : entries) {
            String domain = pattern.apply(entry).toLowerCase(Locale.ROOT);
            if (domain.equals("all")) {
                all = entry;
            } else if (domain.startsWith(".")) {
                partial.put(domain, entry);
            } else {
                exact.put(domain, entry);
            }
        }
    }

    public Optional<T> lookup(String domain) {
        return Optional.ofNullable(specific(domain)).or(() -> Optional.ofNullable(all));
    }

    /** The exact or partial entry for {@code domain}, ignoring {@code ALL}; null when there is none. */
    public T specific(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        T entry = exact.get(d);
        if (entry != null) {
            return entry;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            entry = partial.get(d.substring(dot));
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    public boolean hasAll() {
        return all != null;
    }
}
