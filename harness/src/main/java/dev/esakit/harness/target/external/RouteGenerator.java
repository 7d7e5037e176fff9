package dev.esakit.harness.target.external;

import dev.esakit.harness.target.RouteSpec;
import java.util.List;

/**
 * Writes a relay's configuration for a scenario's routes. A relay that cannot express an ESA route exactly
 * gets the nearest configuration it can, and the generator says what it approximated, so that the report can
 * explain the verdicts that follow from it.
 */
public interface RouteGenerator {
    /** Writes the configuration; returns one sentence per approximation (empty when exact). */
    List<String> write(List<RouteSpec> routes);

    static RouteGenerator named(TargetProfile profile) {
        return switch (profile.routes().generator()) {
            case "postfix" -> new PostfixConfigGenerator(profile.routes().directory(), profile.routes().listen(),
                    profile.timing().bounceProfile());
            default -> throw new IllegalArgumentException(profile.file() + ": unknown generator '"
                    + profile.routes().generator() + "'");
        };
    }
}
