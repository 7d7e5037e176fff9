package dev.esakit.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpRoutesParserTest {
    @Test
    void readsHostsWithPortsAndPriorities() {
        List<Route> routes = SmtpRoutesParser.parse(
                "# seed\nexample.com 127.0.1.20:2525/pri=10, 127.0.1.10:2525/pri=0\n", "routes.txt");
        assertThat(routes).singleElement().satisfies(r -> {
            assertThat(r.domain()).isEqualTo("example.com");
            assertThat(r.destinations()).containsExactly(new Destination("127.0.1.10", 2525, 0),
                    new Destination("127.0.1.20", 2525, 10));
        });
    }

    @Test
    void readsSpecialDestinationsAndIpv6() {
        List<Route> routes = SmtpRoutesParser.parse(
                "a.example USEDNS\nb.example /dev/null\n.c.example [::1]:2526/pri=5\nALL mx.example/pri=0", "r");
        assertThat(routes).extracting(Route::action).containsExactly(Route.Action.USE_DNS, Route.Action.DROP,
                Route.Action.HOSTS, Route.Action.HOSTS);
        assertThat(routes.get(2).destinations()).containsExactly(new Destination("::1", 2526, 5));
        assertThat(routes.get(3).destinations()).containsExactly(new Destination("mx.example", 25, 0));
    }

    @Test
    void aBadLineNamesTheSourceTheLineAndTheProblem() {
        assertThatThrownBy(() -> SmtpRoutesParser.parse("ok.example 127.0.0.1/pri=0\n\nbad.example 127.0.0.1/pri=x",
                "routes.txt"))
                .isInstanceOf(RoutesFormatException.class)
                .hasMessage("routes.txt:3: '127.0.0.1/pri=x' is not a destination of the form host[:port]/pri=N");
        assertThatThrownBy(() -> SmtpRoutesParser.parse("x.example 127.0.0.1:70000/pri=0", "f"))
                .hasMessageContaining("f:1:").hasMessageContaining("port 70000");
        assertThatThrownBy(() -> SmtpRoutesParser.parse("lonely.example", "f"))
                .hasMessageStartingWith("f:1: expected 'DOMAIN DEST");
        // A stray comma at the end of the destinations, or nothing but one, is a bad line like any other.
        assertThatThrownBy(() -> SmtpRoutesParser.parse("example.com , ", "f"))
                .isInstanceOf(RoutesFormatException.class).hasMessage("f:1: empty destination (a stray comma?)");
        assertThatThrownBy(() -> SmtpRoutesParser.parse("ok.example 127.0.0.1/pri=0\nx.example 127.0.0.1/pri=0,", "f"))
                .isInstanceOf(RoutesFormatException.class).hasMessage("f:2: empty destination (a stray comma?)");
        // A bare IPv6 address is held to IPv6 characters, as in brackets (jqwik found "::1:-1" written back as
        // "[::1:-1]", which the parser then refused).
        assertThatThrownBy(() -> SmtpRoutesParser.parse("v6.example ::1:-1/pri=0", "f"))
                .hasMessage("f:1: '::1:-1/pri=0' is not a destination of the form host[:port]/pri=N");
    }

    @Test
    void mostSpecificRouteWinsAndAllIsLast() {
        RouteTable table = new RouteTable(SmtpRoutesParser.parse(
                "ALL 127.0.0.9/pri=0\n.example.com 127.0.0.2/pri=0\n.b.example.com 127.0.0.3/pri=0\n"
                        + "example.com 127.0.0.1/pri=0", "r"));
        assertThat(table.lookup("EXAMPLE.com").orElseThrow().domain()).isEqualTo("example.com");
        assertThat(table.lookup("a.example.com").orElseThrow().domain()).isEqualTo(".example.com");
        assertThat(table.lookup("x.b.example.com").orElseThrow().domain()).isEqualTo(".b.example.com");
        assertThat(table.lookup("other.org").orElseThrow().domain()).isEqualTo("ALL");
        assertThat(new RouteTable(List.of()).lookup("other.org")).isEmpty();
    }
}
