package dev.esakit.harness.world;

import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.Transcript;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.report.ScenarioEvidence;
import dev.esakit.harness.target.RouteSpec;
import dev.esakit.harness.target.Target;
import dev.esakit.harness.target.TargetFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one scenario: its fake hosts by name, its routes, the target, the messages it submitted.
 * Cucumber makes one per scenario and hands it to every step class, so scenarios share nothing.
 */
public final class ScenarioWorld implements AutoCloseable {
    private final Map<String, FakeSmtpServer> hosts = new LinkedHashMap<>();
    private final Map<String, Integer> priorities = new HashMap<>();
    private final List<RouteSpec> routes = new ArrayList<>();
    private final List<TestMessage> submitted = new ArrayList<>();
    private Target target;
    private ScenarioEvidence evidence = new ScenarioEvidence();

    public void evidenceKey(String key) {
        this.evidence = ScenarioEvidence.forScenario(key);
    }

    public ScenarioEvidence evidence() {
        return evidence;
    }

    /** The named fake host, started on its own loopback address the first time a step names it. */
    public FakeSmtpServer host(String name) {
        return hosts.computeIfAbsent(name, n -> {
            // A manual target profile fixes where each host must listen (the relay's routes point there).
            java.net.InetSocketAddress fixed = TargetFactory.fixedHostAddress(n);
            return fixed == null ? FakeSmtpServer.bind(Loopback.nextAddress(), 0).hostname(n).start()
                    : FakeSmtpServer.bind(fixed.getAddress().getHostAddress(), fixed.getPort()).hostname(n).start();
        });
    }

    public void route(String domain, Map<String, Integer> hostPriorities) {
        List<RouteSpec.Host> list = new ArrayList<>();
        hostPriorities.forEach((name, priority) -> {
            FakeSmtpServer h = host(name);
            list.add(new RouteSpec.Host(name, h.address().getAddress().getHostAddress(), h.address().getPort(),
                    priority));
        });
        routes.add(new RouteSpec(domain, list));
    }

    /** The target, started with the routes given so far. */
    public Target target() {
        if (target == null) {
            Path work;
            try {
                work = Files.createTempDirectory("esakit-scenario-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            target = TargetFactory.create(work);
            target.start(routes);
        }
        return target;
    }

    public void submitted(TestMessage message) {
        submitted.add(message);
    }

    public TestMessage lastSubmitted() {
        if (submitted.isEmpty()) {
            throw new IllegalStateException("no message was submitted in this scenario yet");
        }
        return submitted.get(submitted.size() - 1);
    }

    /** Placeholders every log expectation may use: {@code {mx-a.ip}} and {@code {mx-a.port}} per host. */
    public Map<String, String> hostBindings() {
        Map<String, String> out = new HashMap<>();
        hosts.forEach((name, h) -> {
            out.put(name + ".ip", h.address().getAddress().getHostAddress());
            out.put(name + ".port", String.valueOf(h.address().getPort()));
        });
        return out;
    }

    @Override
    public void close() {
        hosts.forEach((name, h) -> {
            for (Transcript t : h.transcripts()) {
                evidence.transcripts.add(new ScenarioEvidence.HostTranscript(name,
                        h.address().getAddress().getHostAddress() + ":" + h.address().getPort(), t.connection(),
                        t.lines().stream().filter(l -> l.direction() != Direction.EVENT) // wire lines only
                                .map(l -> new ScenarioEvidence.Line(l.at(),
                                l.direction() == Direction.CLIENT ? "C" : "S", l.text())).toList()));
            }
            h.close();
        });
        if (target != null) {
            evidence.notes.addAll(target.notes());
            target.close();
        }
    }
}
