package dev.esakit.bench.probe;

import dev.esakit.bench.Percentiles;
import dev.esakit.bench.SmtpProbeClient;
import dev.esakit.bench.WallClock;
import dev.esakit.fake.smtp.Direction;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.TranscriptEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of a relay under load, from its 250 to the end of data to the destination's receipt of the final ".".
 * smtp-source and smtp-sink carry the load but time nothing per message, so this probe sends a thin stream of its
 * own messages (recipient {@code probe-K@DOMAIN}) through the same relay while the load runs; the relay routes
 * DOMAIN to this process's {@link FakeSmtpServer}, which stamps every line it reads. Both stamps come from the
 * same wall clock, so no clock skew enters.
 *
 * <pre>
 * RelayLatencyProbe --relay 127.0.93.1:2525 --sink 127.0.93.3:2525 --domain probe.test --interval-ms 25 --control DIR
 * </pre>
 * It writes DIR/ready once the sink listens, probes without counting while DIR/warm exists (its own JIT warm-up,
 * during the relay's), counts from when DIR/go appears, stops when DIR/stop appears, waits (at most 30 s) for
 * the probes still in flight, and prints one line of figures.
 */
public final class RelayLatencyProbe {
    private static final Pattern PROBE_RCPT = Pattern.compile("(?i)^RCPT TO:<probe-(\\d+)@");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        InetSocketAddress relay = Args.hostPort(a, "--relay");
        InetSocketAddress sinkAt = Args.hostPort(a, "--sink");
        String domain = a.getOrDefault("--domain", "probe.test");
        long intervalMs = Long.parseLong(a.getOrDefault("--interval-ms", "25"));
        Path control = Path.of(a.get("--control"));

        Map<Integer, Integer> probeOfConnection = new ConcurrentHashMap<>();
        Map<Integer, Long> received = new ConcurrentHashMap<>();
        FakeSmtpServer sink = FakeSmtpServer.bind(sinkAt.getHostString(), sinkAt.getPort())
                .onTranscriptLine((TranscriptEvent e) -> {
                    if (e.line().direction() != Direction.CLIENT) {
                        return;
                    }
                    String text = e.line().text();
                    Matcher m = PROBE_RCPT.matcher(text);
                    if (m.find()) {
                        probeOfConnection.put(e.connection(), Integer.parseInt(m.group(1)));
                    } else if (text.equals(".")) {
                        Integer k = probeOfConnection.remove(e.connection());
                        if (k != null) {
                            received.put(k, WallClock.micros(e.line().at()));
                        }
                    }
                }).start();
        Files.writeString(control.resolve("ready"), sink.address().toString());
        Map<Integer, Long> accepted = new ConcurrentHashMap<>();
        int sent = 0;
        int measuredFrom = -1;
        int failures = 0;
        SmtpProbeClient client = null;
        while (!Files.exists(control.resolve("stop"))) {
            if (measuredFrom < 0) {
                if (Files.exists(control.resolve("go"))) {
                    measuredFrom = sent;
                    failures = 0;
                } else if (!Files.exists(control.resolve("warm"))) {
                    Thread.sleep(5);
                    continue;
                }
            }
            int k = sent++;
            boolean measured = measuredFrom >= 0;
            byte[] content = ("From: <probe@bench.test>\r\nTo: <probe-" + k + "@" + domain + ">\r\nSubject: probe " + k
                    + "\r\n\r\nlatency probe " + k + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                if (client == null) {
                    client = new SmtpProbeClient(relay, "probe.bench.test");
                }
                long[] at = client.send("probe@bench.test", "probe-" + k + "@" + domain, content);
                if (measured) {
                    accepted.put(k, at[1]);
                }
            } catch (IOException e) {
                failures++;
                System.err.println("probe " + k + ": " + e.getMessage());
                if (client != null) {
                    try {
                        client.close();
                    } catch (IOException ignored) {
                        // the session is gone either way; the next probe opens a new one
                    }
                }
                client = null;
            }
            Thread.sleep(intervalMs);
        }
        if (client != null) {
            client.close();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!received.keySet().containsAll(accepted.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        sink.close();

        double[] ms = accepted.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .mapToDouble(e -> (received.get(e.getKey()) - e.getValue()) / 1000.0).toArray();
        Percentiles p = new Percentiles(ms);
        System.out.println(String.format(Locale.ROOT, "probes=%d accepted=%d received=%d failures=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                sent - Math.max(measuredFrom, 0), accepted.size(), p.count(), failures, p.at(50), p.at(99), p.max()));
    }
}
