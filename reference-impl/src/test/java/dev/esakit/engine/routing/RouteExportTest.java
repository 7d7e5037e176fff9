package dev.esakit.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RT-6: export to the smtproutes text form, and a table of 40,000 routes. */
class RouteExportTest {
    @Test
    void exportReadsBackToTheSameRoutes() {
        String text = "# comment\nexample.com 127.0.1.20:2525/pri=10, 127.0.1.10/pri=0\n.sub.example.org [::1]:2526/pri=5\n"
                + "drop.example /dev/null\ndns.example USEDNS\nALL relay.example.net/pri=0\n";
        RouteTable table = new RouteTable(SmtpRoutesParser.parse(text, "in"));
        String exported = table.toSmtpRoutes();
        assertThat(exported).isEqualTo("example.com 127.0.1.10/pri=0, 127.0.1.20:2525/pri=10\n"
                + ".sub.example.org [::1]:2526/pri=5\ndrop.example /dev/null\ndns.example USEDNS\nALL relay.example.net/pri=0\n");
        List<Route> again = SmtpRoutesParser.parse(exported, "exported");
        assertThat(again).isEqualTo(List.copyOf(table.routes()));
    }

    @Test
    void fortyThousandRoutesLoadAndLookUpByLabels() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append(i % 2 == 0 ? "" : ".").append("d").append(i).append(".example.com 127.0.")
                    .append(i / 250 % 250).append('.').append(i % 250 + 1).append(":2525/pri=").append(i % 3)
                    .append(", 127.0.0.1/pri=99\n");
        }
        long start = System.nanoTime();
        RouteTable table = new RouteTable(SmtpRoutesParser.parse(text.toString(), "big"));
        long loaded = System.nanoTime();
        int found = 0;
        for (int i = 0; i < 40_000; i++) {
            String domain = (i % 2 == 0 ? "" : "mail.") + "d" + i + ".example.com";
            if (table.lookup(domain).isPresent()) {
                found++;
            }
        }
        long looked = System.nanoTime();
        System.out.printf("RT-6: 40,000 routes parsed and indexed in %d ms; 40,000 lookups in %d ms%n",
                (loaded - start) / 1_000_000, (looked - loaded) / 1_000_000);
        assertThat(table.routes()).hasSize(40_000);
        assertThat(found).isEqualTo(40_000);
        assertThat(table.lookup("d39999.example.com")).isEmpty(); // partial route: only subdomains match
        assertThat(table.lookup("x.d39999.example.com").orElseThrow().destinations()).hasSize(2);
        assertThat(table.toSmtpRoutes().lines()).hasSize(40_000);
    }
}
