package dev.esakit.engine.control;

import java.util.Locale;

/** CONN-3: whether deliveries to a destination use STARTTLS. */
public enum TlsMode {
    /** Never STARTTLS. */
    NO,
    /** STARTTLS when offered; plain text when it is not offered or fails. */
    PREFERRED,
    /** STARTTLS or no delivery to that host (FO-13). */
    REQUIRED;

    public static TlsMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "no", "off", "none" -> NO;
            case "preferred" -> PREFERRED;
            case "required" -> REQUIRED;
            default -> throw new IllegalArgumentException("'" + text + "' is not a TLS mode (no, preferred, required)");
        };
    }
}
