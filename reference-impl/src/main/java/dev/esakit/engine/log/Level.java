package dev.esakit.engine.log;

/** The severities AsyncOS writes in a mail log line, after the ctime stamp. */
public enum Level {
    INFO("Info"), WARNING("Warning"), CRITICAL("Critical"), DEBUG("Debug"), TRACE("Trace");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
