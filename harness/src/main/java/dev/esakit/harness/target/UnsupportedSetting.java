package dev.esakit.harness.target;

/**
 * A scenario asked for a setting that this target cannot apply (yet). The scenario fails with this message,
 * which names the setting and the target, instead of passing against a relay that ignored it.
 */
public final class UnsupportedSetting extends RuntimeException {
    public UnsupportedSetting(String target, String setting) {
        super("target '" + target + "' cannot apply the setting: " + setting);
    }
}
