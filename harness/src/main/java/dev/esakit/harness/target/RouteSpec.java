package dev.esakit.harness.target;

import java.util.List;

/**
 * A route as a scenario states it: a receiving domain and its destination hosts, already bound to the
 * loopback addresses of the scenario's fake servers. A target turns it into its own configuration.
 */
public record RouteSpec(String domain, List<Host> hosts) {
    public RouteSpec {
        hosts = List.copyOf(hosts);
    }

    /** One destination: the scenario's host name, where it listens, and its priority. */
    public record Host(String name, String ip, int port, int priority) {
    }

    /** The ESA smtproutes line for this route. */
    public String toSmtpRoutes() {
        StringBuilder line = new StringBuilder(domain).append(' ');
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            line.append(i == 0 ? "" : ", ").append(h.ip().contains(":") ? "[" + h.ip() + "]" : h.ip())
                    .append(':').append(h.port()).append("/pri=").append(h.priority());
        }
        return line.toString();
    }
}
