package dev.esakit.harness.target;

import dev.esakit.harness.target.external.ExternalRelay;
import dev.esakit.harness.target.external.ExternalTarget;
import dev.esakit.harness.target.external.TargetProfile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a fresh target for each scenario. The target is chosen once per run, by the system property
 * {@code esakit.target}: {@code reference} (the default) runs the embedded reference engine; a path to a
 * target profile (YAML) drives a third-party relay through {@link ExternalTarget}.
 */
public final class TargetFactory {
    public static final String PROPERTY = "esakit.target";

    private TargetFactory() {
    }

    public static Target create(Path workDir) {
        String kind = System.getProperty(PROPERTY, "reference");
        if (kind.equals("reference")) {
            return new EmbeddedReferenceTarget(workDir);
        }
        if (isProfile(kind)) {
            return new ExternalTarget(ExternalRelay.shared(Path.of(kind)));
        }
        throw new IllegalArgumentException("unknown target '" + kind + "' (property " + PROPERTY
                + "); known: reference, or a target profile file (targets/*.yaml)");
    }

    /** The run's target name for reports: "reference" or the profile's {@code name}. */
    public static String targetName() {
        String kind = System.getProperty(PROPERTY, "reference");
        return isProfile(kind) ? ExternalRelay.profileOf(Path.of(kind)).name() : kind;
    }

    /** The profile of the run's external target, or null when the run uses the reference engine. */
    public static TargetProfile profile() {
        String kind = System.getProperty(PROPERTY, "reference");
        return isProfile(kind) ? ExternalRelay.profileOf(Path.of(kind)) : null;
    }

    /**
     * Where a scenario's fake host must listen when the target's routes are fixed (a {@code manual} profile
     * lists them); null when the host may take any loopback address and port.
     */
    public static InetSocketAddress fixedHostAddress(String hostName) {
        TargetProfile profile = profile();
        return profile == null ? null : profile.routes().hosts().get(hostName);
    }

    private static boolean isProfile(String kind) {
        return kind.endsWith(".yaml") || kind.endsWith(".yml") || Files.isRegularFile(Path.of(kind));
    }
}
