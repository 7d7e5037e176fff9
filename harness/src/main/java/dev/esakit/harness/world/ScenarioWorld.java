package dev.esakit.harness.world;

import dev.esakit.fake.dns.FakeDnsServer;
import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.RefusingPort;
import dev.esakit.fake.smtp.Transcript;
import dev.esakit.harness.mail.MailSubmitter;
import dev.esakit.harness.mail.SmtpDialogue;
import dev.esakit.harness.mail.TestMessage;
import dev.esakit.harness.report.ScenarioEvidence;
import dev.esakit.harness.target.RouteSpec;
import dev.esakit.harness.target.Target;
import dev.esakit.harness.target.TargetFactory;
import dev.esakit.harness.target.TargetSetup;
import dev.esakit.report.TranscriptEntry;
import dev.esakit.report.TranscriptView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The state of one scenario: its fake hosts by name, its routes and relay settings, the target, the messages
 * it submitted. Cucumber makes one per scenario and hands it to every step class, so scenarios share nothing.
 * A host is a healthy fake SMTP server on its own loopback address the first time a step names it, unless a
 * step said first that it refuses connections (then its port is held closed until it "comes back").
 */
public final class ScenarioWorld implements AutoCloseable {
    private final Map<String, FakeSmtpServer> hosts = new LinkedHashMap<>();
    private final Map<String, RefusingPort> refusing = new LinkedHashMap<>();
    private final Map<String, String> bindAddress = new HashMap<>();
    private final Map<String, Integer> bindPort = new HashMap<>();
    private final List<RouteSpec> routes = new ArrayList<>();
    private final List<String> smtpRoutesLines = new ArrayList<>();
    private final List<TargetSetup.DnsRecord> dns = new ArrayList<>();
    private TargetSetup.BounceSettings bounce = TargetSetup.BounceSettings.DEFAULTS;
    private TargetSetup.Limits limits = TargetSetup.Limits.DEFAULTS;
    private SyslogReceiver syslog;
    private FakeDnsServer dnsServer;
    private String mxPortHost;
    private TargetSetup.Timeouts timeouts = TargetSetup.Timeouts.DEFAULTS;
    private final List<TestMessage> submitted = new ArrayList<>();
    private MailSubmitter.Submission lastSubmission;
    private List<SmtpDialogue.Exchange> lastDialogue = List.of();
    private Target target;
    private Path workDir;
    private ScenarioEvidence evidence = new ScenarioEvidence();

    public void evidenceKey(String key) {
        this.evidence = ScenarioEvidence.forScenario(key);
    }

    public ScenarioEvidence evidence() {
        return evidence;
    }

    // ---- hosts ----

    /** The named fake host, started on its own loopback address the first time a step names it. */
    public synchronized FakeSmtpServer host(String name) {
        if (refusing.containsKey(name)) {
            throw new IllegalStateException("host \"" + name + "\" refuses connections: it has no SMTP behaviour "
                    + "until it comes back");
        }
        return hosts.computeIfAbsent(name, n -> {
            // A manual target profile fixes where each host must listen (the relay's routes point there).
            InetSocketAddress fixed = TargetFactory.fixedHostAddress(n);
            return fixed != null ? FakeSmtpServer.bind(fixed.getAddress().getHostAddress(), fixed.getPort())
                    .hostname(n).start()
                    : FakeSmtpServer.bind(ip(n), bindPort.getOrDefault(n, 0)).hostname(n).start();
        });
    }

    /** Binds the named host to this address instead of a fresh 127.1.x.y (e.g. "::1"); before any other use. */
    public synchronized void bindHostTo(String name, String address) {
        if (hosts.containsKey(name) || refusing.containsKey(name)) {
            throw new IllegalStateException("host \"" + name + "\" already exists; state its address first");
        }
        bindAddress.put(name, address);
    }

    /** SEL-5: two addresses of one hostname share the port the route names, so the hosts must too. */
    public synchronized void bindHostToPortOf(String name, String other) {
        if (hosts.containsKey(name) || refusing.containsKey(name)) {
            throw new IllegalStateException("host \"" + name + "\" already exists; state its port first");
        }
        bindPort.put(name, addressOf(other).getPort());
    }

    /** FO-2: nothing listens on the host's address, so a connect is refused. */
    public synchronized void refuseConnections(String name) {
        if (hosts.containsKey(name)) {
            throw new IllegalStateException("host \"" + name + "\" already accepts connections; say that it "
                    + "refuses connections before anything else about it");
        }
        refusing.computeIfAbsent(name, n -> RefusingPort.bind(ip(n)));
    }

    /** a refusing host starts accepting mail on the very address and port the routes name. */
    public synchronized FakeSmtpServer comeBack(String name) {
        RefusingPort port = refusing.remove(name);
        if (port == null) {
            throw new IllegalStateException("host \"" + name + "\" was not down (say \"host ... refuses connections\")");
        }
        InetSocketAddress at = port.address();
        port.close();
        FakeSmtpServer server = FakeSmtpServer.bind(at.getAddress().getHostAddress(), at.getPort()).hostname(name)
                .start();
        hosts.put(name, server);
        return server;
    }

    public synchronized InetSocketAddress addressOf(String name) {
        RefusingPort r = refusing.get(name);
        return r != null ? r.address() : host(name).address();
    }

    /** Messages every scenario host accepted so far, together. */
    public synchronized int messagesReceived() {
        return hosts.values().stream().mapToInt(h -> h.messages().size()).sum();
    }

    public synchronized boolean knowsHost(String name) {
        return hosts.containsKey(name) || refusing.containsKey(name);
    }

    private String ip(String name) {
        return bindAddress.computeIfAbsent(name, n -> Loopback.nextAddress());
    }

    // ---- relay settings, applied when the target starts ----

    public void route(RouteSpec route) {
        requireNotStarted("a route");
        routes.removeIf(r -> r.domain().equalsIgnoreCase(route.domain()));
        routes.add(route);
    }

    public void changeRoute(String domain, UnaryOperator<RouteSpec> change) {
        requireNotStarted("a route");
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).domain().equalsIgnoreCase(domain)) {
                routes.set(i, change.apply(routes.get(i)));
                return;
            }
        }
        throw new IllegalStateException("no route \"" + domain + "\" was stated before this step");
    }

    public void smtpRoutesLines(List<String> lines) {
        requireNotStarted("smtproutes lines");
        smtpRoutesLines.addAll(lines);
    }

    /** RT-3, RT-5: hosts found by MX lookup are reached on this host's port (they share it on other addresses). */
    public void mxPortOf(String host) {
        requireNotStarted("the MX port");
        mxPortHost = host;
    }

    public void dnsRecord(TargetSetup.DnsRecord record) {
        requireNotStarted("a DNS record");
        dns.add(record);
    }

    public void bounce(UnaryOperator<TargetSetup.BounceSettings> change) {
        requireNotStarted("the bounce profile");
        bounce = change.apply(bounce);
    }

    public void timeouts(UnaryOperator<TargetSetup.Timeouts> change) {
        requireNotStarted("a timeout");
        timeouts = change.apply(timeouts);
    }

    public void limits(UnaryOperator<TargetSetup.Limits> change) {
        requireNotStarted("a limit");
        limits = change.apply(limits);
    }

    /** LOG-6: a syslog receiver on the scenario's own loopback address, which the relay is told to send to. */
    public SyslogReceiver syslog() {
        if (syslog == null) {
            requireNotStarted("syslog");
            syslog = new SyslogReceiver(Loopback.nextAddress());
        }
        return syslog;
    }

    /** The queries the scenario's DNS server answered so far ("example.com MX", ...); empty without DNS. */
    public synchronized List<String> dnsQueries() {
        return dnsServer == null ? List.of()
                : dnsServer.queries().stream().map(q -> q.name().replaceAll("\\.$", "") + " " + q.type()).toList();
    }

    /** RT-3, RT-5, SEL-5: the scenario's records, served by a fake DNS server on its own loopback address. */
    private FakeDnsServer startDns() {
        FakeDnsServer server = FakeDnsServer.bind(Loopback.nextAddress(), 0);
        for (TargetSetup.DnsRecord r : dns) {
            switch (r.type().toUpperCase(java.util.Locale.ROOT)) {
                case "MX" -> {
                    String[] v = r.value().strip().split("\\s+");
                    if (v.length != 2) {
                        throw new IllegalArgumentException("MX record for " + r.name() + ": expected 'PREFERENCE HOST', got '"
                                + r.value() + "'");
                    }
                    server.mx(r.name(), Integer.parseInt(v[0]), v[1]);
                }
                case "A" -> server.a(r.name(), r.value().strip());
                case "AAAA" -> server.aaaa(r.name(), r.value().strip());
                default -> throw new IllegalArgumentException("DNS record type '" + r.type() + "' for " + r.name()
                        + ": expected MX, A or AAAA");
            }
        }
        dnsServer = server.start();
        return dnsServer;
    }

    private void requireNotStarted(String what) {
        if (target != null) {
            throw new IllegalStateException("the relay already started: state " + what + " before the first When");
        }
    }

    /** The target, started with the settings given so far. */
    public Target target() {
        if (target == null) {
            try {
                workDir = Files.createTempDirectory("esakit-scenario-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            target = TargetFactory.create(workDir);
            target.start(new TargetSetup(routes, smtpRoutesLines, bounce, limits, dns,
                    dns.isEmpty() ? null : startDns().address(),
                    mxPortHost == null ? null : addressOf(mxPortHost).getPort(),
                    syslog == null ? null : syslog.address(), timeouts));
        }
        return target;
    }

    // ---- what the scenario sent ----

    public void submitted(TestMessage message, MailSubmitter.Submission result) {
        submitted.add(message);
        lastSubmission = result;
    }

    public TestMessage lastSubmitted() {
        if (submitted.isEmpty()) {
            throw new IllegalStateException("no message was submitted in this scenario yet");
        }
        return submitted.get(submitted.size() - 1);
    }

    public List<TestMessage> allSubmitted() {
        return List.copyOf(submitted);
    }

    public MailSubmitter.Submission lastSubmission() {
        if (lastSubmission == null) {
            throw new IllegalStateException("no message was offered in this scenario yet");
        }
        return lastSubmission;
    }

    public void dialogue(List<SmtpDialogue.Exchange> exchanges) {
        lastDialogue = List.copyOf(exchanges);
    }

    public List<SmtpDialogue.Exchange> lastDialogue() {
        return lastDialogue;
    }

    /** Placeholders every log expectation may use: {@code {mx-a.ip}} and {@code {mx-a.port}} per host. */
    public synchronized Map<String, String> hostBindings() {
        Map<String, String> out = new HashMap<>();
        for (String name : names()) {
            InetSocketAddress a = addressOf(name);
            out.put(name + ".ip", ipText(a));
            out.put(name + ".port", String.valueOf(a.getPort()));
        }
        return out;
    }

    /** An address as logs write it: IPv6 in its short form (RFC 5952, "::1"), IPv4 as dotted quad. */
    public static String ipText(InetSocketAddress a) {
        return io.netty.util.NetUtil.toAddressString(a.getAddress());
    }

    private List<String> names() {
        List<String> all = new ArrayList<>(hosts.keySet());
        all.addAll(refusing.keySet());
        return all;
    }

    /** The target's log and spool go with the scenario; a run of the catalog leaves nothing behind. */
    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(workDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scenario directory " + workDir, e);
        }
    }

    /** The mail log and every host's transcripts, as text. */
    public synchronized String debugDump() {
        StringBuilder out = new StringBuilder();
        if (target != null) {
            try {
                out.append("-- mail log\n").append(String.join("\n", target.mailLog())).append('\n');
            } catch (RuntimeException e) {
                out.append("-- mail log unreadable: ").append(e.getMessage()).append('\n');
            }
        }
        hosts.forEach((name, h) -> {
            out.append("-- host ").append(name).append(' ').append(h.address()).append('\n');
            h.transcripts().forEach(t -> out.append(t));
        });
        return out.toString();
    }

    @Override
    public synchronized void close() {
        hosts.forEach((name, h) -> {
            for (Transcript t : h.transcripts()) {
                evidence.transcripts.add(new TranscriptView(name,
                        h.address().getAddress().getHostAddress() + ":" + h.address().getPort(), t.connection(),
                        t.lines().stream().filter(l -> l.direction() != Direction.EVENT) // wire lines only
                                .map(l -> new TranscriptEntry(l.at(),
                                        l.direction() == Direction.CLIENT ? "C" : "S", l.text())).toList()));
            }
        });
        if (target != null) {
            evidence.notes.addAll(target.notes());
            target.close();
        }
        hosts.values().forEach(FakeSmtpServer::close);
        refusing.values().forEach(RefusingPort::close);
        if (syslog != null) {
            syslog.close();
        }
        if (dnsServer != null) {
            dnsServer.close();
        }
        deleteWorkDir();
    }
}
