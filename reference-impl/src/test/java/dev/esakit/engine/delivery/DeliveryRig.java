package dev.esakit.engine.delivery;

import dev.esakit.fake.smtp.FakeSmtpServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.log.MailLogWriter;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.VirtualClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A delivery agent on real loopback sockets with its mail log in memory and a virtual clock: what every
 * delivery test starts from. Lines are kept without their ctime stamp and level.
 */
final class DeliveryRig implements AutoCloseable {
    static final String CONTENT = "Subject: test\r\nMessage-ID: <t@esakit.test>\r\n\r\nhello\r\n";

    final List<String> lines = new CopyOnWriteArrayList<>();

    /** The smtproutes line most delivery tests use: example.com to {@code primary} (pri 0), then {@code backup}. */
    static String primaryAndBackup(FakeSmtpServer primary,
                                   FakeSmtpServer backup) {
        return "example.com 127.0.0.1:" + primary.address().getPort() + "/pri=0, 127.0.0.1:"
                + backup.address().getPort() + "/pri=10";
    }
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-12-04T20:00:00Z"));
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final MailLog log = new MailLog(new MailLogWriter(clock, ZoneOffset.UTC).addSink(line -> lines.add(
            line.substring(line.indexOf(": ") + 2))));
    private final AtomicLong mids = new AtomicLong();
    DeliverySettings settings = DeliverySettings.rfc5321Defaults("esakit.test", "127.0.0.1")
            .withTimeouts(Duration.ofSeconds(5));
    DestinationControls controls = DestinationControls.none();
    HostResolver resolver = HostResolver.system();
    Duration downTime = Duration.ofSeconds(60);
    private DeliveryAgent agent;

    DeliveryAgent agent(String routes) {
        if (agent == null) {
            RouteTable table = new RouteTable(SmtpRoutesParser.parse(routes, "test-routes"));
            agent = new DeliveryAgent(table, controls, new Bootstrap().group(group).channel(NioSocketChannel.class),
                    log, new IdSequence(0), resolver, settings, clock, downTime);
        }
        return agent;
    }

    QueuedMessage message(String... recipients) {
        return new QueuedMessage(mids.incrementAndGet(), "alice@sender.example", List.of(recipients), clock.now(),
                CONTENT.length());
    }

    Map<Integer, RecipientOutcome> deliver(String routes, QueuedMessage message) {
        return deliver(routes, message, CONTENT);
    }

    Map<Integer, RecipientOutcome> deliver(String routes, QueuedMessage message, String content) {
        List<Integer> rids = IntStream.range(0, message.recipients().size()).boxed().toList();
        try {
            return agent(routes).deliver(message, content.getBytes(StandardCharsets.UTF_8), rids)
                    .get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("delivery did not complete: " + e + "\nlog so far:\n" + String.join("\n", lines), e);
        }
    }

    /** The log with every DCID n replaced by its order of first appearance (d1, d2, ...), for exact comparisons. */
    List<String> normalized() {
        List<String> dcids = new ArrayList<>();
        List<String> out = new ArrayList<>();
        Pattern p = Pattern.compile("DCID (\\d+)");
        for (String line : lines) {
            Matcher m = p.matcher(line);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String id = m.group(1);
                if (id.equals("0")) {
                    m.appendReplacement(sb, "DCID 0");
                    continue;
                }
                if (!dcids.contains(id)) {
                    dcids.add(id);
                }
                m.appendReplacement(sb, "DCID d" + (dcids.indexOf(id) + 1));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * LOG-5: closes the agent, then checks that every connection that was opened ends with exactly one
     * {@code DCID n close}, and that nothing about that DCID follows it.
     */
    void assertEveryConnectionClosedOnce() {
        agent.close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> snapshot = List.copyOf(lines);
            Pattern open = Pattern.compile("^New SMTP DCID (\\d+) ");
            for (int i = 0; i < snapshot.size(); i++) {
                Matcher m = open.matcher(snapshot.get(i));
                if (!m.find()) {
                    continue;
                }
                String close = "DCID " + m.group(1) + " close";
                List<Integer> closes = new ArrayList<>();
                for (int j = 0; j < snapshot.size(); j++) {
                    if (snapshot.get(j).equals(close)) {
                        closes.add(j);
                    }
                }
                assertThat(closes).as("'%s' exactly once after line %d in\n%s", close, i, String.join("\n", snapshot))
                        .hasSize(1);
                assertThat(closes.get(0)).isGreaterThan(i);
                String dcid = "DCID " + m.group(1) + " ";
                for (int j = closes.get(0) + 1; j < snapshot.size(); j++) {
                    assertThat(snapshot.get(j)).as("line after %s", close).doesNotContain(dcid);
                }
            }
        });
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
