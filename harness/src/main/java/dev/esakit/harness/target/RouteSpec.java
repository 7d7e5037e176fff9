package dev.esakit.harness.target;

import java.util.List;

/**
 * A route as a scenario states it: a receiving domain and what to do with its mail, its destination hosts
 * already bound to the scenario's loopback addresses, and its destination controls (TLS, AUTH). A target turns
 * it into its own configuration.
 */
public record RouteSpec(String domain, Action action, List<Host> hosts, TlsPolicy tls, Credentials auth) {
    public enum Action { HOSTS, USE_DNS, DROP }

    /** CONN-3: TLS per destination. */
    public enum TlsPolicy { NO, PREFERRED, REQUIRED }

    /** CONN-4: an outgoing SMTP AUTH profile. */
    public record Credentials(String user, String password) {
    }

    public RouteSpec {
        hosts = List.copyOf(hosts);
        tls = tls == null ? TlsPolicy.NO : tls;
    }

    public RouteSpec(String domain, List<Host> hosts) {
        this(domain, Action.HOSTS, hosts, TlsPolicy.NO, null);
    }

    /**
     * One destination: the scenario's host name, the address or hostname the route names, the port (null: the
     * route names none, so the default 25 applies) and the priority.
     */
    public record Host(String name, String address, Integer port, int priority) {
    }

    public RouteSpec withTls(TlsPolicy policy) {
        return new RouteSpec(domain, action, hosts, policy, auth);
    }

    public RouteSpec withAuth(Credentials credentials) {
        return new RouteSpec(domain, action, hosts, tls, credentials);
    }

    /** The ESA smtproutes line for this route. */
    public String toSmtpRoutes() {
        StringBuilder line = new StringBuilder(domain).append(' ');
        switch (action) {
            case USE_DNS -> line.append("USEDNS");
            case DROP -> line.append("/dev/null");
            case HOSTS -> {
                for (int i = 0; i < hosts.size(); i++) {
                    Host h = hosts.get(i);
                    boolean v6 = h.address().contains(":");
                    line.append(i == 0 ? "" : ", ");
                    if (h.port() == null) {
                        line.append(h.address());
                    } else {
                        line.append(v6 ? "[" + h.address() + "]" : h.address()).append(':').append(h.port());
                    }
                    line.append("/pri=").append(h.priority());
                }
            }
        }
        return line.toString();
    }
}
