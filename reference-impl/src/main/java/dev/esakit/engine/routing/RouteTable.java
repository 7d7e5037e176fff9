package dev.esakit.engine.routing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SMTP routes (RT-2): a lookup picks the most specific entry for a domain. Exact entries beat partial ones,
 * a longer partial beats a shorter one, and {@code ALL} comes last. A lookup walks the labels of the domain
 * once, so it costs O(labels), whatever the number of routes.
 */
public final class RouteTable {
    private final DomainTable<Route> table;
    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.table = new DomainTable<>(this.routes, Route::domain);
    }

    public Optional<Route> lookup(String domain) {
        return table.lookup(domain);
    }

    /** The exact or partial route of {@code domain}, not counting {@code ALL}. */
    public Optional<Route> specificRoute(String domain) {
        return Optional.ofNullable(table.specific(domain));
    }

    public boolean hasDefaultRoute() {
        return table.hasAll();
    }

    public Collection<Route> routes() {
        return routes;
    }

    /** RT-6: the routes in the smtproutes text form, one a line, in the order they were read. */
    public String toSmtpRoutes() {
        return routes.stream().map(Route::toSmtpRoutes).collect(Collectors.joining("\n", "", routes.isEmpty() ? "" : "\n"));
    }
}
