package dev.esakit.harness.target;

import java.nio.file.Path;

/**
 * Makes a fresh target for each scenario. The target is chosen once per run, by the system property
 * {@code esakit.target}: {@code reference} (the default) runs the embedded reference engine.
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
        throw new IllegalArgumentException("unknown target '" + kind + "' (property " + PROPERTY
                + "); known: reference");
    }
}
