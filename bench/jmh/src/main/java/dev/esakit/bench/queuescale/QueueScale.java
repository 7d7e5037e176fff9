package dev.esakit.bench.queuescale;

import dev.esakit.bench.SmtpProbeClient;
import dev.esakit.bench.probe.Args;
import dev.esakit.engine.EngineConfig;
import dev.esakit.engine.ReferenceEngine;
import dev.esakit.engine.queue.BounceProfile;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Q at scale: many messages held while every host defers, then a restart, then the host comes back.
 *
 * <pre>
 * QueueScale --phase fill   --messages 100000 --work DIR   (JVM 1: inject over SMTP, measure heap and RSS, stop)
 * QueueScale --phase reload --messages 100000 --work DIR   (JVM 2: start on the spool, measure, bring the host
 *                                                            up as smtp-sink, deliver now, time the drain)
 * </pre>
 * The only destination, 127.0.93.31:2525, refuses connections while the messages are held: the first attempt
 * marks it down (SEL-6) and the rest wait for their retry, an hour away (the bounce profile's initial wait), so
 * nothing retries during the bench. The drain stops after --drain-timeout-s (default 120 s): what is left is
 * printed, with the rate so far. Heap per held message is the heap after full GCs with the queue full,
 * minus the heap after full GCs before the first message, over the number of messages.
 */
public final class QueueScale {
    private static final String HOST = "127.0.93.31";
    private static final int PORT = 2525;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int messages = Integer.parseInt(a.getOrDefault("--messages", "100000"));
        Path work = Path.of(a.get("--work"));
        String phase = a.getOrDefault("--phase", "fill");
        RouteTable routes = new RouteTable(SmtpRoutesParser.parse("held.test " + HOST + ":" + PORT + "\n",
                "queue-scale routes"));
        EngineConfig config = EngineConfig.builder()
                .listen(new InetSocketAddress("127.0.93.30", 0))
                .routes(routes)
                .logDir(work.resolve("log"))
                .spoolDir(work.resolve("spool"))
                .bounceProfile(new BounceProfile(100, Duration.ofDays(3), Duration.ofHours(1), Duration.ofHours(1),
                        false))
                .build();
        if (phase.equals("fill")) {
            fill(config, messages, Integer.parseInt(a.getOrDefault("--sessions", "32")));
        } else {
            reload(config, messages, a.getOrDefault("--sink", "smtp-sink"),
                    Integer.parseInt(a.getOrDefault("--drain-timeout-s", "120")));
        }
    }

    private static void fill(EngineConfig config, int messages, int sessions) throws Exception {
        ReferenceEngine engine = ReferenceEngine.start(config);
        long before = settledHeap(); // the engine's own fixed heap is not the messages'
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            done.add(pool.submit(() -> {
                try (SmtpProbeClient client = new SmtpProbeClient(engine.listenAddress(), "fill.bench.test")) {
                    for (int k = next.getAndIncrement(); k < messages; k = next.getAndIncrement()) {
                        byte[] content = ("Message-ID: <held-" + k + "@bench.test>\r\nSubject: held " + k
                                + "\r\n\r\nheld message " + k + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        client.send("src@bench.test", "rcpt-" + k + "@held.test", content);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double injectS = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (engine.queuedMessages() < messages || anyAttempting(engine, messages)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue holds " + engine.queuedMessages() + " of " + messages);
            }
            Thread.sleep(100);
        }
        long after = settledHeap();
        System.out.println(String.format(Locale.ROOT,
                "phase=fill messages=%d held=%d inject_s=%.1f inject_rate=%.0f heap_before_mib=%.1f heap_held_mib=%.1f "
                        + "heap_per_msg_b=%.0f rss_mib=%.1f",
                messages, engine.queuedMessages(), injectS, messages / injectS, before / 1048576.0, after / 1048576.0,
                (after - before) / (double) messages, rssKib("VmRSS") / 1024.0));
        engine.close();
    }

    private static boolean anyAttempting(ReferenceEngine engine, int messages) {
        // Cheap enough once a few times: MIDs are 1..messages in a fresh spool.
        for (long mid = messages; mid > Math.max(0, messages - 200); mid--) {
            if (engine.queue().attempting(mid)) {
                return true;
            }
        }
        return false;
    }

    private static void reload(EngineConfig config, int messages, String sinkCommand, int drainTimeoutS)
            throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        ReferenceEngine engine = ReferenceEngine.start(config);
        double startS = (System.nanoTime() - t0) / 1e9;
        double sinceJvmS = (System.currentTimeMillis() - jvmStart) / 1000.0;
        int held = engine.queuedMessages();
        long heap = settledHeap();
        long rss = rssKib("VmRSS");

        Process sink = new ProcessBuilder(sinkCommand, "-u", "nobody", HOST + ":" + PORT, "1024")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitForPort(HOST, PORT);
        long d0 = System.nanoTime();
        engine.queue().deliverNow(null);
        long deadline = System.nanoTime() + drainTimeoutS * 1_000_000_000L;
        while (engine.queuedMessages() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double drainS = (System.nanoTime() - d0) / 1e9;
        int left = engine.queuedMessages();
        long peakRss = rssKib("VmHWM");
        engine.close();
        sink.destroy();
        System.out.println(String.format(Locale.ROOT,
                "phase=reload messages=%d held_after_restart=%d start_s=%.2f since_jvm_start_s=%.2f heap_mib=%.1f "
                        + "rss_mib=%.1f drain_s=%.1f drain_rate=%.0f left=%d peak_rss_mib=%.1f",
                messages, held, startS, sinceJvmS, heap / 1048576.0, rss / 1024.0, drainS,
                (held - left) / drainS, left, peakRss / 1024.0));
    }

    private static void waitForPort(String host, int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket(host, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the sink did not listen on " + host + ":" + port);
    }

    /** Heap in use after full collections, once it stops shrinking. */
    private static long settledHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = rt.totalMemory() - rt.freeMemory();
            if (used >= last * 0.99) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }

    private static long rssKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
