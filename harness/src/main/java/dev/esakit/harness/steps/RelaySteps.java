package dev.esakit.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.harness.target.TargetSetup;
import dev.esakit.harness.world.ScenarioWorld;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.List;

/** Steps about the relay itself: its settings, the passing of time, its queue, a crash. */
public class RelaySteps {
    private final ScenarioWorld world;

    public RelaySteps(ScenarioWorld world) {
        this.world = world;
    }

    /**
     * Two columns, setting and value: {@code maximum retries}, {@code maximum time in queue},
     * {@code initial wait}, {@code maximum wait} (durations like "60 s"), {@code delay warnings} (on/off).
     */
    @Given("the bounce profile:")
    public void bounceProfile(DataTable table) {
        for (List<String> row : table.asLists()) {
            String key = row.get(0).strip().toLowerCase(java.util.Locale.ROOT);
            String value = row.get(1).strip();
            world.bounce(b -> switch (key) {
                case "maximum retries" -> new TargetSetup.BounceSettings(Integer.parseInt(value), b.maxTimeInQueue(),
                        b.initialWait(), b.maxWait(), b.delayWarnings());
                case "maximum time in queue" -> new TargetSetup.BounceSettings(b.maxRetries(),
                        ParameterTypes.parseDuration(value), b.initialWait(), b.maxWait(), b.delayWarnings());
                case "initial wait" -> new TargetSetup.BounceSettings(b.maxRetries(), b.maxTimeInQueue(),
                        ParameterTypes.parseDuration(value), b.maxWait(), b.delayWarnings());
                case "maximum wait" -> new TargetSetup.BounceSettings(b.maxRetries(), b.maxTimeInQueue(),
                        b.initialWait(), ParameterTypes.parseDuration(value), b.delayWarnings());
                case "delay warnings" -> new TargetSetup.BounceSettings(b.maxRetries(), b.maxTimeInQueue(),
                        b.initialWait(), b.maxWait(), onOff(value));
                default -> throw new IllegalArgumentException("unknown bounce profile setting '" + row.get(0)
                        + "' (known: maximum retries, maximum time in queue, initial wait, maximum wait, "
                        + "delay warnings)");
            });
        }
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("delay warnings: expected on or off, got '" + value + "'");
        };
    }

    @Given("the relay accepts messages of at most {int} bytes")
    public void maxMessageSize(int bytes) {
        world.limits(l -> new TargetSetup.Limits((long) bytes, l.maxRecipients(), l.connectionsPerDomain(),
                l.messagesPerConnection()));
    }

    @Given("the relay accepts at most {int} recipients a message")
    public void maxRecipients(int n) {
        world.limits(l -> new TargetSetup.Limits(l.maxMessageSize(), n, l.connectionsPerDomain(),
                l.messagesPerConnection()));
    }

    @Given("the relay opens at most {int} connection(s) at once to a domain")
    public void connectionsPerDomain(int n) {
        world.limits(l -> new TargetSetup.Limits(l.maxMessageSize(), l.maxRecipients(), n, l.messagesPerConnection()));
    }

    @Given("the relay sends at most {int} message(s) on one connection")
    public void messagesPerConnection(int n) {
        world.limits(l -> new TargetSetup.Limits(l.maxMessageSize(), l.maxRecipients(), l.connectionsPerDomain(), n));
    }

    /** FO-3: how long the relay waits for a host's greeting. */
    @Given("the relay waits at most {duration} for a greeting")
    public void greetingTimeout(Duration d) {
        world.timeouts(t -> new TargetSetup.Timeouts(d, t.command(), t.dataEnd()));
    }

    /** CONN-5: how long the relay waits for the reply to EHLO, MAIL FROM, RCPT TO and the like. */
    @Given("the relay waits at most {duration} for the reply to a command")
    public void commandTimeout(Duration d) {
        world.timeouts(t -> new TargetSetup.Timeouts(t.greeting(), d, t.dataEnd()));
    }

    /** FO-8: how long the relay waits for the reply to the end of data. */
    @Given("the relay waits at most {duration} for the reply to the end of data")
    public void dataEndTimeout(Duration d) {
        world.timeouts(t -> new TargetSetup.Timeouts(t.greeting(), t.command(), d));
    }

    /** Time passes for the relay: virtual for the reference engine, so retries due in between run now. */
    @When("{duration} pass(es)")
    public void timePasses(Duration duration) {
        world.target().passTime(duration);
    }

    @When("the relay crashes and restarts")
    public void crashAndRestart() {
        world.target().crashAndRestart();
    }

    @Then("the relay holds {int} message(s) in its queue")
    public void holds(int count) {
        // Asking an external relay for its queue runs a command: ten times a second is enough.
        await().atMost(HostSteps.WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                world.target().queuedMessages()).as("messages the relay still holds").isEqualTo(count));
    }

    @Then("the relay's queue is empty")
    public void queueEmpty() {
        holds(0);
    }
}
