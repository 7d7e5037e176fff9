package dev.esakit.harness.steps;

import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import java.util.LinkedHashMap;
import java.util.Map;

/** Steps that state the SMTP routes of a scenario. */
public class RouteSteps {
    private final ScenarioWorld world;

    public RouteSteps(ScenarioWorld world) {
        this.world = world;
    }

    /** A table with the columns {@code host} and {@code priority}, one destination a row. */
    @Given("the route {string} goes to:")
    public void routeGoesTo(String domain, DataTable table) {
        Map<String, Integer> hosts = new LinkedHashMap<>();
        for (Map<String, String> row : table.asMaps()) {
            hosts.put(row.get("host"), Integer.parseInt(row.get("priority")));
        }
        world.route(domain, hosts);
    }
}
