package dev.esakit.harness.steps;

import dev.esakit.harness.target.RouteSpec;
import dev.esakit.harness.target.TargetSetup;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps that state the SMTP routes of a scenario, and the DNS data its routes may depend on. */
public class RouteSteps {
    private static final Pattern HOST_FIELD = Pattern.compile("\\{([A-Za-z0-9_-]+)\\.(ip|port)}");
    private final ScenarioWorld world;

    public RouteSteps(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * One destination a row. Columns: {@code host} (a scenario host) or {@code destination} (a hostname the
     * relay must resolve), {@code priority}, and optionally {@code port}: a number, {@code its own} (the
     * default for a scenario host: where the fake listens) or {@code none} (the route names no port).
     */
    @Given("the route {string} goes to:")
    public void routeGoesTo(String domain, DataTable table) {
        List<RouteSpec.Host> hosts = new ArrayList<>();
        for (Map<String, String> row : table.asMaps()) {
            String priority = require(row, "priority", domain);
            String port = row.get("port") == null ? "its own" : substituteHosts(row.get("port"));
            if (row.get("host") != null) {
                String name = row.get("host");
                InetSocketAddress a = world.addressOf(name);
                hosts.add(new RouteSpec.Host(name, ScenarioWorld.ipText(a), port(port, a.getPort()),
                        Integer.parseInt(priority)));
            } else {
                String dest = require(row, "destination", domain);
                hosts.add(new RouteSpec.Host(dest, dest, port(port, null), Integer.parseInt(priority)));
            }
        }
        world.route(new RouteSpec(domain, RouteSpec.Action.HOSTS, hosts, null, null));
    }

    @Given("the route {string} uses DNS")
    public void usesDns(String domain) {
        world.route(new RouteSpec(domain, RouteSpec.Action.USE_DNS, List.of(), null, null));
    }

    @Given("the route {string} drops mail")
    public void dropsMail(String domain) {
        world.route(new RouteSpec(domain, RouteSpec.Action.DROP, List.of(), null, null));
    }

    @Given("the route {string} requires TLS")
    public void requiresTls(String domain) {
        world.changeRoute(domain, r -> r.withTls(RouteSpec.TlsPolicy.REQUIRED));
    }

    @Given("the route {string} prefers TLS")
    public void prefersTls(String domain) {
        world.changeRoute(domain, r -> r.withTls(RouteSpec.TlsPolicy.PREFERRED));
    }

    @Given("the route {string} logs in as {string} with password {string}")
    public void logsIn(String domain, String user, String password) {
        world.changeRoute(domain, r -> r.withAuth(new RouteSpec.Credentials(user, password)));
    }

    /** RT-6: routes in the ESA smtproutes text form; {@code {mx-a.ip}} and {@code {mx-a.port}} name scenario hosts. */
    @Given("the routes, in smtproutes form:")
    public void smtpRoutes(String text) {
        world.smtpRoutesLines(Arrays.stream(text.split("\r?\n")).map(this::substituteHosts).toList());
    }

    /** RT-6 at scale: this many more routes, for domains no scenario message goes to. */
    @Given("{int} more routes for other domains")
    public void moreRoutes(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add("d" + i + ".bulk.example 127.0.0.1:" + (1025 + i % 60000) + "/pri=" + (i % 100));
        }
        world.smtpRoutesLines(lines);
    }

    /** Columns {@code name}, {@code type} (MX, A, AAAA), {@code value}; values may name hosts: {@code {mx-a.ip}}. */
    @Given("the DNS has:")
    public void dnsHas(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            world.dnsRecord(new TargetSetup.DnsRecord(require(row, "name", "DNS"), require(row, "type", "DNS"),
                    substituteHosts(require(row, "value", "DNS"))));
        }
    }

    /**
     * Hosts the relay finds by MX lookup are reached on port 25 in real life; a scenario's fake hosts listen on
     * ports of their own, so the relay is told this port instead (the hosts share it: "listens on the port of").
     */
    @Given("hosts found by MX lookup listen on the port of host {string}")
    public void mxPort(String host) {
        world.mxPortOf(host);
    }

    /** Checked at once: put it after a step that waited for the relay to finish its attempt. */
    @io.cucumber.java.en.Then("the DNS was not asked for the {word} records of {string}")
    public void dnsNotAsked(String type, String name) {
        org.assertj.core.api.Assertions.assertThat(world.dnsQueries()).as("queries the scenario's DNS server answered")
                .noneMatch(q -> q.equalsIgnoreCase(name + " " + type));
    }

    @io.cucumber.java.en.Then("the DNS was asked for the {word} records of {string}")
    public void dnsAsked(String type, String name) {
        org.awaitility.Awaitility.await().atMost(HostSteps.WAIT).untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThat(world.dnsQueries())
                        .as("queries the scenario's DNS server answered")
                        .anyMatch(q -> q.equalsIgnoreCase(name + " " + type)));
    }

    private String substituteHosts(String text) {
        Matcher m = HOST_FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            InetSocketAddress a = world.addressOf(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).equals("ip")
                    ? ScenarioWorld.ipText(a) : String.valueOf(a.getPort())));
        }
        return m.appendTail(out).toString();
    }

    private static Integer port(String text, Integer own) {
        return switch (text.strip()) {
            case "its own" -> {
                if (own == null) {
                    throw new IllegalArgumentException("'its own' port needs a scenario host, not a destination name");
                }
                yield own;
            }
            case "none" -> null;
            default -> Integer.parseInt(text.strip());
        };
    }

    private static String require(Map<String, String> row, String column, String where) {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("route table for " + where + ": row " + row + " has no '" + column
                    + "' column");
        }
        return v.strip();
    }
}
