package dev.esakit.engine.routing;

import java.util.Comparator;
import java.util.List;

/**
 * A route: a receiving domain and what to do with its mail (RT-1..RT-4). The domain is exact
 * ({@code example.com}), partial ({@code .example.com}) or {@code ALL}. The action is a list of destination
 * hosts, or {@code USEDNS} (MX lookup), or {@code /dev/null} (drop).
 */
public record Route(String domain, Action action, List<Destination> destinations) {
    public static final String ALL = "ALL";

    public enum Action { HOSTS, USE_DNS, DROP }

    public Route {
        Destination[] sorted = destinations.toArray(new Destination[0]);
        if (sorted.length > 1) {
            java.util.Arrays.sort(sorted, Comparator.comparingInt(Destination::priority)); // stable: equal keep order
        }
        destinations = List.of(sorted);
        if (action == Action.HOSTS && destinations.isEmpty()) {
            throw new IllegalArgumentException("route " + domain + " has no destination");
        }
    }

    public static Route toHosts(String domain, List<Destination> destinations) {
        return new Route(domain, Action.HOSTS, destinations);
    }

    public String toSmtpRoutes() {
        String dest = switch (action) {
            case USE_DNS -> "USEDNS";
            case DROP -> "/dev/null";
            case HOSTS -> String.join(", ", destinations.stream().map(Destination::toSmtpRoutes).toList());
        };
        return domain + " " + dest;
    }
}
