package dev.esakit.harness.steps;

import dev.esakit.harness.report.ScenarioEvidence;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Ties a scenario's world to its evidence, and tears the world down after the scenario. */
public class Hooks {
    private final ScenarioWorld world;

    public Hooks(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * Steps wait for what happens over real sockets. Awaitility's own default (first look after 100 ms, then every
     * 100 ms) added up to 0.2 s to every wait: 5 s of the 51-message CONN-1 scenario, a third of the serial
     * catalog. A wait that asks an external relay something (its queue) sets its own, slower interval.
     */
    @BeforeAll
    public static void quickPolls() {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
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
