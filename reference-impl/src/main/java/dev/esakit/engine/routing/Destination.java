package dev.esakit.engine.routing;

/**
 * One destination host of a route (RT-1): a hostname, IPv4 or IPv6 address, a port (default 25) and a
 * priority 0..65535, lower first (SEL-1).
 */
public record Destination(String host, int port, int priority) {
    public static final int DEFAULT_PORT = 25;

    public Destination {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("priority " + priority + " is not in 0..65535");
        }
    }

    /** The smtproutes text form: {@code host:port/pri=N}, IPv6 in brackets when a port follows. */
    public String toSmtpRoutes() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return h + (port == DEFAULT_PORT ? "" : ":" + port) + "/pri=" + priority;
    }
}
