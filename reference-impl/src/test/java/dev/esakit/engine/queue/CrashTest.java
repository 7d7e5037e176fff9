package dev.esakit.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q-8 for real: the engine runs in its own JVM while four clients submit mail and it delivers to a slow fake
 * host; the test kills it with SIGKILL (Process.destroyForcibly on Linux) in the middle of that, restarts it on
 * the same spool, and checks that every message that got a 250 reaches the host. A message may arrive twice
 * only when the kill fell between the host's 250 and the engine's commit of "delivered". Isolated: its two JVMs
 * and four clients would load the CPUs under other tests' short timeouts.
 */
@Isolated
class CrashTest {
    private static final Pattern TOKEN = Pattern.compile("X-Crash-Token: (\\d+)");
    /** Past {@link RocksDbSpool#INLINE_BODY_BYTES}: such a body is kept in a segment file, not in RocksDB. */
    static final String LARGE_BODY = ("x".repeat(76) + "\r\n").repeat(160);
    private static final Pattern SUBJECT = Pattern.compile("MID (\\d+) Subject 'crash (\\d+)'");
    private static final Pattern FINISHED = Pattern.compile("Message finished MID (\\d+) done");
    private static final int ACKS_BEFORE_KILL = 40;
    private static final int FINISHED_BEFORE_KILL = 10;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageIsDeliveredAfterAKillNineAndARestart() throws Exception {
        FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0);
        host.on(Stage.DATA_END).delay(Duration.ofMillis(100)).replyDefault(); // deliveries lag behind the 250s
        host.start();
        Path portFile = dir.resolve("engine.port");
        Process first = startEngine(host.address().getPort(), portFile, "first");
        Process second = null;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            InetSocketAddress relay = awaitPort(portFile, first);
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        int token = next.incrementAndGet();
                        try {
                            SmtpSubmission.submit(relay, "alice@sender.test", List.of("bob@example.com"),
                                    "Subject: crash " + token + "\r\nX-Crash-Token: " + token + "\r\n\r\nbody\r\n"
                                            + (token % 3 == 0 ? LARGE_BODY : "")); // to a body segment
                            acked.add(token);
                        } catch (IOException e) {
                            // Not acknowledged (the engine is gone): the client still owns this message.
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> acked.size() >= ACKS_BEFORE_KILL
                    && finished(log()).size() >= FINISHED_BEFORE_KILL);
            first.destroyForcibly(); // SIGKILL, while clients submit and deliveries wait for the host's 250
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
            Set<Integer> ackedBeforeKill = Set.copyOf(acked);
            Set<Integer> finishedBeforeKill = finished(log());

            Files.deleteIfExists(portFile);
            second = startEngine(host.address().getPort(), portFile, "second");
            awaitPort(portFile, second);
            await().atMost(Duration.ofSeconds(15)).until(() -> tokens(host).keySet().containsAll(ackedBeforeKill));

            Map<Integer, Integer> delivered = tokens(host);
            Set<Integer> duplicates = delivered.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            System.out.printf("crash test: %d acknowledged, %d finished before the kill, %d delivered in all,"
                            + " %d delivered twice (all in the window between the host's 250 and our commit)%n",
                    ackedBeforeKill.size(), finishedBeforeKill.size(), delivered.size(), duplicates.size());
            assertThat(delivered.keySet()).as("no acknowledged message lost").containsAll(ackedBeforeKill);
            assertThat(ackedBeforeKill).as("the kill came with acknowledged messages still unfinished")
                    .hasSizeGreaterThan(finishedBeforeKill.size());
            // A message whose delivery the engine had committed ("Message finished") is never sent again;
            // only one whose commit the kill prevented may arrive twice.
            assertThat(duplicates).doesNotContainAnyElementsOf(finishedBeforeKill);
            finishedBeforeKill.forEach(t -> assertThat(delivered.get(t)).as("token %d", t).isEqualTo(1));
        } finally {
            clients.shutdownNow();
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
            host.close();
        }
    }

    private Process startEngine(int fakePort, Path portFile, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // RocksDB unpacks its native library into java.io.tmpdir and deletes it at a normal exit; a killed JVM
        // leaves it behind, so it goes to the test's own directory, which JUnit removes.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        return new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-cp", classpath,
                CrashTestEngine.class.getName(),
                dir.resolve("spool").toString(), dir.resolve("log").toString(), String.valueOf(fakePort),
                portFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
    }

    private static InetSocketAddress awaitPort(Path portFile, Process engine) throws IOException {
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(portFile) || !engine.isAlive());
        assertThat(engine.isAlive()).as("engine started; see its output beside the spool").isTrue();
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(Files.readString(portFile,
                StandardCharsets.US_ASCII).strip()));
    }

    private List<String> log() throws IOException {
        Path file = dir.resolve("log").resolve("mail.current");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Tokens of the messages the log shows finished (their delivery committed), by MID to token. */
    private static Set<Integer> finished(List<String> log) {
        Map<Long, Integer> tokenOfMid = new HashMap<>();
        Set<Integer> done = new HashSet<>();
        for (String line : log) {
            Matcher m = SUBJECT.matcher(line);
            if (m.find()) {
                tokenOfMid.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
            }
            Matcher f = FINISHED.matcher(line);
            if (f.find() && tokenOfMid.containsKey(Long.parseLong(f.group(1)))) {
                done.add(tokenOfMid.get(Long.parseLong(f.group(1))));
            }
        }
        return done;
    }

    /** Each token the host received, with how many times. */
    private static Map<Integer, Integer> tokens(FakeSmtpServer host) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (ReceivedMessage m : host.messages()) {
            Matcher t = TOKEN.matcher(m.contentAsString());
            if (t.find()) {
                seen.merge(Integer.parseInt(t.group(1)), 1, Integer::sum);
            }
        }
        return seen;
    }
}
