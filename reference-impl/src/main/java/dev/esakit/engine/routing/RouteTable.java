package dev.esakit.engine.routing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMTP routes (RT-2): a lookup picks the most specific entry for a domain. Exact entries beat partial ones,
 * a longer partial beats a shorter one, and {@code ALL} comes last. A lookup walks the labels of the domain
 * once, so it costs O(labels), whatever the number of routes.
 */
public final class RouteTable {
    private final Map<String, Route> exact = new HashMap<>();
    private final Map<String, Route> partial = new HashMap<>();
    private final Route all;
    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        Route fallback = null;
        for (Route route : routes) {
            String domain = route.domain().toLowerCase(Locale.ROOT);
            if (domain.equals("all")) {
                fallback = route;
            } else if (domain.startsWith(".")) {
                partial.put(domain, route);
            } else {
                exact.put(domain, route);
            }
        }
        this.all = fallback;
        this.routes = List.copyOf(routes);
    }

    public Optional<Route> lookup(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Route route = exact.get(d);
        if (route != null) {
            return Optional.of(route);
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            route = partial.get(d.substring(dot));
            if (route != null) {
                return Optional.of(route);
            }
        }
        return Optional.ofNullable(all);
    }

    public Collection<Route> routes() {
        return routes;
    }
}
