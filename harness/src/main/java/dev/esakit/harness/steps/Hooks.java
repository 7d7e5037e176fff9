package dev.esakit.harness.steps;

import dev.esakit.harness.report.ScenarioEvidence;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/** Ties a scenario's world to its evidence, and tears the world down after the scenario. */
public class Hooks {
    private final ScenarioWorld world;

    public Hooks(ScenarioWorld world) {
        this.world = world;
    }

    @Before
    public void keyEvidence(Scenario scenario) {
        world.evidenceKey(ScenarioEvidence.key(scenario.getUri().toString(), scenario.getLine()));
    }

    /**
     * With {@code -Desakit.debug=true}, a failed scenario prints the relay's mail log and every host's transcript
     * to stderr: what a person needs first when a scenario goes red.
     */
    @After
    public void closeWorld(Scenario scenario) {
        try {
            if (scenario.isFailed() && Boolean.getBoolean("esakit.debug")) {
                System.err.println("==== " + scenario.getName() + "\n" + world.debugDump());
            }
        } finally {
            world.close();
        }
    }
}
