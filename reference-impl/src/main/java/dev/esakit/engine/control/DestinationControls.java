package dev.esakit.engine.control;

import dev.esakit.engine.routing.DomainTable;
import java.util.List;

/**
 * The destination controls of an engine, looked up for a receiving domain with the same most-specific rule
 * as the routes (exact, then the longest partial {@code .example.com}, then {@code ALL}); a domain without an
 * entry gets {@link DestinationControl#defaults}.
 */
public final class DestinationControls {
    private final DomainTable<DestinationControl> table;
    private final List<DestinationControl> entries;

    public DestinationControls(List<DestinationControl> entries) {
        this.entries = List.copyOf(entries);
        this.table = new DomainTable<>(this.entries, DestinationControl::domain);
    }

    public static DestinationControls none() {
        return new DestinationControls(List.of());
    }

    public DestinationControl lookup(String domain) {
        return table.lookup(domain).orElseGet(() -> DestinationControl.defaults(domain));
    }

    public List<DestinationControl> entries() {
        return entries;
    }
}
