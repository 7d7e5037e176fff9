package dev.esakit.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esakit.engine.IdSequence;
import dev.esakit.engine.control.DestinationControls;
import dev.esakit.engine.queue.QueuedMessage;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import dev.esakit.engine.time.EngineClock;
import dev.esakit.fake.smtp.FakeSmtpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An exception out of a step of a delivery must end the attempt, not leave the message waiting for a future no
 * one completes (it stayed "in flight" until the next restart). The fault here is the one a stopping engine
 * meets: its clock's scheduler refuses new timers, so the idle timer of a connection that just carried a
 * message cannot be set.
 */
class EngineFaultTest {
    private final DeliveryRig rig = new DeliveryRig();
    private final FakeSmtpServer host = FakeSmtpServer.bind("127.0.0.1", 0).start();

    /** The rig's virtual clock, whose scheduler has been shut down. */
    private final EngineClock refusingClock = new EngineClock() {
        @Override
        public Instant now() {
            return rig.clock.now();
        }

        @Override
        public Scheduled schedule(Instant at, Runnable task) {
            throw new RejectedExecutionException("the engine clock is shut down");
        }
    };

    @AfterEach
    void stop() {
        rig.close();
        host.close();
    }

    @Test
    void aStepThatThrowsEndsTheAttemptAndKeepsTheVerdictsItHad() throws Exception {
        RouteTable routes = new RouteTable(SmtpRoutesParser.parse(
                "example.com 127.0.0.1:" + host.address().getPort() + "/pri=0", "test-routes"));
        DeliveryAgent agent = new DeliveryAgent(routes, DestinationControls.none(),
                new Bootstrap().group(rig.group).channel(NioSocketChannel.class), rig.log, new IdSequence(0),
                rig.resolver, rig.settings, refusingClock, Duration.ofSeconds(60));
        QueuedMessage message = rig.message("bob@example.com");

        Map<Integer, RecipientOutcome> outcome = agent.deliver(message,
                DeliveryRig.CONTENT.getBytes(StandardCharsets.US_ASCII), List.of(0)).get(5, TimeUnit.SECONDS);

        // The server had the message before the fault: the recipient keeps its verdict, and is not sent twice.
        assertThat(outcome.get(0)).isInstanceOf(RecipientOutcome.Delivered.class);
        assertThat(host.messages()).hasSize(1);
        agent.close();
    }
}
