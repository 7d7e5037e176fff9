package dev.esakit.engine;

import dev.esakit.engine.delivery.DeliveryAgent;
import dev.esakit.engine.delivery.DnsHostResolver;
import dev.esakit.engine.inbound.InboundContext;
import dev.esakit.engine.inbound.SmtpListener;
import dev.esakit.engine.log.MailLog;
import dev.esakit.engine.log.MailLogFile;
import dev.esakit.engine.log.MailLogWriter;
import dev.esakit.engine.queue.DeliveryQueue;
import dev.esakit.engine.queue.QueueControl;
import dev.esakit.engine.queue.RocksDbSpool;
import dev.esakit.engine.queue.SpooledMessage;
import dev.esakit.engine.queue.Spool;
import dev.esakit.engine.time.EngineClock;
import dev.esakit.engine.time.SystemClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference engine: wires the rooms together, as Postfix does with its daemons. The listener receives
 * and spools; the queue owns message state and the schedule; the delivery agent talks to destinations; the
 * mail log writes every line. Each room gets only what it needs.
 */
public final class ReferenceEngine implements AutoCloseable {
    /** Ids reserved per synced write: one fsync per 1,000 connections or messages. */
    private static final int ID_BLOCK = 1_000;

    public static final String VERSION = "esakit-reference 0.1.0";

    private final EngineConfig config;
    private final EventLoopGroup group;
    private final MailLogWriter logWriter;
    private final MailLogFile logFile;
    private final Spool spool;
    private final DeliveryQueue queue;
    private final DeliveryAgent agent;
    private final DnsHostResolver dns;
    private final SmtpListener listener;
    private final EngineClock clock;
    private final SystemClock ownClock;
    private final QueueControl control;

    private ReferenceEngine(EngineConfig config) throws InterruptedException {
        this.config = config;
        this.ownClock = config.clock() == null ? new SystemClock() : null;
        this.clock = config.clock() == null ? ownClock : config.clock();
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.logFile = new MailLogFile(config.logDir());
        this.logWriter = new MailLogWriter(clock, config.zone()).addSink(logFile);
        config.extraSinks().forEach(logWriter::addSink);
        MailLog log = new MailLog(logWriter);
        log.header(config.version(), config.serial(), clock.now());

        this.spool = RocksDbSpool.open(config.spoolDir(), config.bodySegmentBytes());
        List<SpooledMessage> recovered = spool.recover();
        IdSequence mids = durableCounter("MID", spool.highestMid());
        Bootstrap client = new Bootstrap().group(group).channel(NioSocketChannel.class);
        this.dns = config.dnsServer() == null ? null
                : new DnsHostResolver(group.next(), config.dnsServer(), config.delivery().commandTimeout());
        this.agent = new DeliveryAgent(config.routes(), config.controls(), client, log, durableCounter("DCID", 0),
                dns != null ? dns : config.resolver(), config.delivery(), clock, config.bounceProfiles().defaultProfile().initialWait());
        this.queue = new DeliveryQueue(spool, agent, log, clock, mids,
                new DeliveryQueue.QueueSettings(config.bounceProfiles(), config.routes(), config.hostname(),
                        config.zone()));
        this.listener = new SmtpListener(group, config.listen(), new InboundContext(config.hostname(), "Management",
                log, durableCounter("ICID", 0), mids, config.routes(), spool, queue, clock, config.maxMessageSize(),
                config.maxRecipients(), config.inboundTimeout()));
        queue.recover(recovered);
        this.control = QueueControl.watch(config.spoolDir(), queue, config.zone());
    }

    /** A counter that never repeats an id within the log, across restarts: see {@link IdSequence}. */
    private IdSequence durableCounter(String name, long highestSeen) {
        return new IdSequence(Math.max(highestSeen, spool.reservedIds(name)), ID_BLOCK,
                upTo -> spool.reserveIds(name, upTo));
    }

    public static ReferenceEngine start(EngineConfig config) {
        try {
            return new ReferenceEngine(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", e);
        }
    }

    public InetSocketAddress listenAddress() {
        return listener.address();
    }

    public Path mailLogPath() {
        return logFile.path();
    }

    public int queuedMessages() {
        return queue.size();
    }

    /** The delivery side: counters (RT-4 drops) and host state (SEL-6). */
    public DeliveryAgent deliveryAgent() {
        return agent;
    }

    public EngineConfig config() {
        return config;
    }

    /** The spool, for its figures (fsyncs per message). */
    public Spool spool() {
        return spool;
    }

    /** The queue, for operator commands and tests that step a virtual clock. */
    public DeliveryQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        control.close();
        queue.close();
        listener.close();
        agent.close();
        if (dns != null) {
            dns.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        spool.close();
        logWriter.close();
        if (ownClock != null) {
            ownClock.close();
        }
    }
}
