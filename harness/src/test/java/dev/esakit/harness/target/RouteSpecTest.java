package dev.esakit.harness.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes as a scenario states them, written in the smtproutes form the target imports. */
class RouteSpecTest {
    @Test
    void hostsWithPortsAndPriorities() {
        RouteSpec r = new RouteSpec("example.com", List.of(new RouteSpec.Host("mx-a", "127.1.0.1", 2525, 0),
                new RouteSpec.Host("mx-6", "::1", 2526, 65535)));
        assertThat(r.toSmtpRoutes()).isEqualTo("example.com 127.1.0.1:2525/pri=0, [::1]:2526/pri=65535");
    }

    @Test
    void aDestinationWithoutPortKeepsTheDefault() {
        RouteSpec r = new RouteSpec("example.com", List.of(new RouteSpec.Host("relay", "relay.example.net", null, 5)));
        assertThat(r.toSmtpRoutes()).isEqualTo("example.com relay.example.net/pri=5");
    }

    @Test
    void dnsAndDropRoutes() {
        assertThat(new RouteSpec(".example.org", RouteSpec.Action.USE_DNS, List.of(), null, null).toSmtpRoutes())
                .isEqualTo(".example.org USEDNS");
        assertThat(new RouteSpec("ALL", RouteSpec.Action.DROP, List.of(), null, null).toSmtpRoutes())
                .isEqualTo("ALL /dev/null");
    }
}
