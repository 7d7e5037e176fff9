package dev.esakit.harness.target.external;

import dev.esakit.harness.target.TargetSetup;
import java.util.List;

/**
 * Writes a relay's configuration for a scenario's routes. A relay that cannot express an ESA route exactly
 * gets the nearest configuration it can, and the generator says what it approximated, so that the report can
 * explain the verdicts that follow from it.
 */
public interface RouteGenerator {
    /**
     * Writes the configuration; returns one sentence per approximation (empty when exact). A setting the relay
     * cannot have at all is refused with {@link dev.esakit.harness.target.UnsupportedSetting}.
     */
    List<String> write(TargetSetup setup);

    static RouteGenerator named(TargetProfile profile) {
        return switch (profile.routes().generator()) {
            case "postfix" -> new PostfixConfigGenerator(profile.routes().directory(), profile.routes().listen(),
                    profile.timing().bounceProfile(), profile.timing().timeScale());
            default -> throw new IllegalArgumentException(profile.file() + ": unknown generator '"
                    + profile.routes().generator() + "'");
        };
    }
}
