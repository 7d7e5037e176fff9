package dev.esakit.engine.queue;

import dev.esakit.engine.routing.Route;
import dev.esakit.engine.routing.RouteTable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Named bounce profiles and which route uses which. A recipient is held and retried by the profile its route
 * names (matched by the route's domain as written in the routes, e.g. {@code .example.com} or {@code ALL});
 * a route that names none uses the default profile, whose own default is {@link BounceProfile#defaults()}.
 * <pre>BounceProfiles.of(BounceProfile.defaults()).define("slow", slow).use(".example.com", "slow")</pre>
 */
public final class BounceProfiles {
    private final BounceProfile fallback;
    private final Map<String, BounceProfile> named = new HashMap<>();
    private final Map<String, String> byRoute = new HashMap<>();

    private BounceProfiles(BounceProfile fallback) {
        this.fallback = Objects.requireNonNull(fallback, "default bounce profile");
    }

    public static BounceProfiles of(BounceProfile fallback) {
        return new BounceProfiles(fallback);
    }

    public BounceProfiles define(String name, BounceProfile profile) {
        named.put(name, Objects.requireNonNull(profile, name));
        return this;
    }

    /** The route for {@code routeDomain} (as written in the routes) uses the profile called {@code name}. */
    public BounceProfiles use(String routeDomain, String name) {
        if (!named.containsKey(name)) {
            throw new IllegalArgumentException("route " + routeDomain + " names bounce profile '" + name
                    + "', which is not defined (defined: " + named.keySet() + ")");
        }
        byRoute.put(routeDomain.toLowerCase(Locale.ROOT), name);
        return this;
    }

    public BounceProfile defaultProfile() {
        return fallback;
    }

    /** The profile for a recipient address, by the route its domain takes. */
    public BounceProfile forRecipient(String address, RouteTable routes) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? address : address.substring(at + 1);
        return routes.lookup(domain).map(Route::domain).map(d -> byRoute.get(d.toLowerCase(Locale.ROOT)))
                .map(named::get).orElse(fallback);
    }
}
