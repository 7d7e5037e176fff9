package dev.esakit.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.esakit.engine.queue.CrashTestEngine;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.smtp.ReceivedMessage;
import dev.esakit.fake.smtp.Stage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q-8 under repeated crashes: the queue's {@code CrashTest} kills the engine once; this kills it again and
 * again (SIGKILL, at random points of progress: during recovery, mid-submission, mid-delivery) while four
 * clients submit, each time restarting it on the same spool with the same launcher ({@link CrashTestEngine}).
 * Some messages are delivered, some bounced (a null sender, so no DSN), some deferred once first. At the end
 * every acknowledged message is delivered or bounced: zero lost. Kills: {@code -Desakit.kills=N} (3 in the
 * normal build; the {@code stress} profile runs 20).
 */
class RepeatedKillTest {
    private static final Pattern TOKEN = Pattern.compile("X-Kill-Token: (\\d+)");
    private static final Pattern SUBJECT = Pattern.compile("MID (\\d+) Subject 'kill (\\d+)'");
    private static final Pattern FINISHED = Pattern.compile("Message finished MID (\\d+) done");
    private static final Pattern BOUNCED = Pattern.compile("Bounced: DCID \\d+ MID \\d+ From: <> To: <bounce-(\\d+)@example\\.com>");

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedMessageIsLostAcrossRepeatedKillNine() throws Exception {
        int kills = Integer.getInteger("esakit.kills", 3);
        long seed = Long.getLong("esakit.seed", System.nanoTime());
        Random random = new Random(seed);
        FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0);
        host.on(Stage.RCPT).matching("bounce-.*").reply(550, "5.1.1 no such user");
        host.on(Stage.RCPT).matching("defer-.*").times(20).reply(451, "4.3.0 try again");
        host.on(Stage.DATA_END).delay(Duration.ofMillis(30)).replyDefault(); // deliveries lag behind the 250s
        host.start();
        Path portFile = dir.resolve("engine.port");
        Map<Integer, String> acked = new ConcurrentHashMap<>(); // token -> "deliver" or "bounce"
        // Clients block on this while no engine runs, instead of spinning against a dead port.
        AtomicReference<CompletableFuture<InetSocketAddress>> relay = new AtomicReference<>(new CompletableFuture<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        Process engine = null;
        Map<Integer, Integer> frozen = new HashMap<>(); // token -> deliveries when a kill found it finished
        try {
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> submitUntilStopped(relay, acked, next, stop));
            }
            for (int round = 0; round < kills; round++) {
                engine = startEngine(host.address().getPort(), portFile, "run" + round);
                relay.get().complete(awaitPort(portFile, engine));
                int progress = random.nextInt(5) == 0 ? 0 : 5 + random.nextInt(30); // 0: kill during recovery
                int target = acked.size() + progress;
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= target);
                relay.set(new CompletableFuture<>());
                engine.destroyForcibly(); // SIGKILL
                assertThat(engine.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Map<Integer, Integer> deliveredNow = deliveredTokens(host);
                for (int token : finishedTokens()) { // committed as done: its delivery count is final now
                    frozen.putIfAbsent(token, deliveredNow.getOrDefault(token, 0));
                }
                Files.deleteIfExists(portFile);
            }
            stop.set(true);
            relay.get().complete(null); // release the clients
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            Map<Integer, String> all = Map.copyOf(acked);

            engine = startEngine(host.address().getPort(), portFile, "final");
            awaitPort(portFile, engine);
            try {
                await("every acknowledged message delivered or bounced").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> lost(all, host).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("lost (seed " + seed + "): " + whatTheLogSays(lost(all, host)), e);
            }

            Map<Integer, Integer> delivered = deliveredTokens(host);
            long duplicates = delivered.values().stream().filter(n -> n > 1).count();
            System.out.printf("repeated kill test (seed %d): %d kills, %d acknowledged (%d to bounce), %d delivered,"
                            + " %d bounced, %d delivered twice (kill between the host's 250 and the commit)%n",
                    seed, kills, all.size(), all.values().stream().filter("bounce"::equals).count(), delivered.size(),
                    bouncedTokens().size(), duplicates);
            assertThat(lost(all, host)).as("acknowledged but neither delivered nor bounced (seed %d)", seed).isEmpty();
            assertThat(all).as("the clients got through between kills").hasSizeGreaterThan(kills);
            // At least once, never more after the commit: a message the log showed finished before a kill is
            // never delivered again; only one whose commit a kill prevented may arrive twice.
            frozen.forEach((token, count) -> assertThat(delivered.getOrDefault(token, 0))
                    .as("token %d was delivered again after its Message finished (seed %d)", token, seed)
                    .isEqualTo(count));
        } finally {
            stop.set(true);
            clients.shutdownNow();
            if (engine != null) {
                engine.destroyForcibly();
                engine.waitFor(10, TimeUnit.SECONDS);
            }
            host.close();
        }
    }

    /** Past {@code RocksDbSpool.INLINE_BODY_BYTES}: such a body is kept in a segment file, not in RocksDB. */
    private static final String LARGE_BODY = ("x".repeat(76) + "\r\n").repeat(160);

    private static void submitUntilStopped(AtomicReference<CompletableFuture<InetSocketAddress>> relay,
                                           Map<Integer, String> acked, AtomicInteger next, AtomicBoolean stop) {
        while (!stop.get()) {
            InetSocketAddress to;
            try {
                to = relay.get().get();
            } catch (InterruptedException e) {
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (to == null) {
                return;
            }
            int token = next.incrementAndGet();
            String kind = token % 5 == 0 ? "bounce" : "deliver";
            String rcpt = kind.equals("bounce") ? "bounce-" + token + "@example.com"
                    : (token % 7 == 0 ? "defer-" : "ok-") + token + "@example.com";
            try {
                long mid = SubmittingClient.submit(to, kind.equals("bounce") ? "" : "alice@sender.test", List.of(rcpt),
                        "Subject: kill " + token + "\r\nX-Kill-Token: " + token + "\r\n\r\nbody\r\n"
                                + (token % 3 == 0 ? LARGE_BODY : "")); // large ones go to a body segment
                if (mid > 0) {
                    acked.put(token, kind);
                }
            } catch (IOException | AssertionError e) {
                // Not acknowledged (the engine died or was starting): the client still owns this message.
            }
        }
    }

    private Set<Integer> lost(Map<Integer, String> acked, FakeSmtpServer host) throws IOException {
        Set<Integer> delivered = deliveredTokens(host).keySet();
        Set<Integer> bounced = bouncedTokens();
        return acked.entrySet().stream()
                .filter(e -> e.getValue().equals("bounce") ? !bounced.contains(e.getKey()) : !delivered.contains(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** For a failure message: the log lines of the first few lost tokens' MIDs. */
    private String whatTheLogSays(Set<Integer> lost) {
        List<String> log = MailLogLines.read(dir.resolve("log").resolve("mail.current"));
        StringBuilder out = new StringBuilder(lost.size() + " tokens " + lost + "\n");
        lost.stream().limit(3).forEach(token -> {
            Set<String> mids = log.stream().map(l -> Pattern.compile("MID (\\d+) Subject 'kill " + token + "'").matcher(l))
                    .filter(Matcher::find).map(m -> m.group(1)).collect(Collectors.toSet());
            out.append("token ").append(token).append(" MIDs ").append(mids).append('\n');
            log.stream().filter(l -> mids.stream().anyMatch(mid -> l.contains("MID " + mid + " ")
                    || l.endsWith("MID " + mid))).forEach(l -> out.append("  ").append(l).append('\n'));
        });
        return out.toString();
    }

    /** Tokens whose message the log shows finished ({@code Message finished MID m done}). */
    private Set<Integer> finishedTokens() {
        Map<String, Integer> tokenOfMid = new HashMap<>();
        Set<Integer> done = new java.util.HashSet<>();
        for (String line : MailLogLines.read(dir.resolve("log").resolve("mail.current"))) {
            Matcher subject = SUBJECT.matcher(line);
            if (subject.find()) {
                tokenOfMid.put(subject.group(1), Integer.parseInt(subject.group(2)));
            }
            Matcher finished = FINISHED.matcher(line);
            if (finished.find() && tokenOfMid.containsKey(finished.group(1))) {
                done.add(tokenOfMid.get(finished.group(1)));
            }
        }
        return done;
    }

    private Set<Integer> bouncedTokens() throws IOException {
        Path file = dir.resolve("log").resolve("mail.current");
        if (!Files.exists(file)) {
            return Set.of();
        }
        return MailLogLines.read(file).stream().map(BOUNCED::matcher).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).collect(Collectors.toSet());
    }

    private static Map<Integer, Integer> deliveredTokens(FakeSmtpServer host) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (ReceivedMessage m : host.messages()) {
            Matcher t = TOKEN.matcher(m.contentAsString());
            if (t.find()) {
                seen.merge(Integer.parseInt(t.group(1)), 1, Integer::sum);
            }
        }
        return seen;
    }

    /** The queue's crash-test launcher, in its own JVM, on this test's spool and log. */
    private Process startEngine(int fakePort, Path portFile, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path tmp = Files.createDirectories(dir.resolve("tmp")); // RocksDB's native library, left by each kill
        return new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-cp", classpath,
                CrashTestEngine.class.getName(), dir.resolve("spool").toString(), dir.resolve("log").toString(),
                String.valueOf(fakePort), portFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
    }

    private static InetSocketAddress awaitPort(Path portFile, Process engine) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(portFile) || !engine.isAlive());
        assertThat(engine.isAlive()).as("engine started; see its output beside the spool").isTrue();
        return new InetSocketAddress("127.0.0.1",
                Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).strip()));
    }
}
