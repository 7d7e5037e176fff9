package dev.esakit.fake.smtp;

import dev.esakit.fake.net.LoopbackPolicy;
import dev.esakit.fake.net.ServerEventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A scriptable SMTP server for failover tests. With no rules it is a healthy accept-all host that keeps
 * every message; rules make any stage fail in any way, per connection or per occurrence.
 * <pre>
 * try (FakeSmtpServer host = FakeSmtpServer.bind("127.0.1.10", 0).start()) {
 *     host.on(Stage.MAIL).times(2).reply(451, "4.3.0 Try again later");
 *     ...
 * }
 * </pre>
 * Rules may be added before or after {@link #start()}; they are checked in the order added.
 */
public final class FakeSmtpServer implements AutoCloseable {
    /** Offered by default, as a typical modern MTA does. */
    public static final Set<Extension> DEFAULT_EXTENSIONS = Collections.unmodifiableSet(EnumSet.of(
            Extension.PIPELINING, Extension.SIZE, Extension.EIGHTBITMIME, Extension.ENHANCEDSTATUSCODES));
    public static final long DEFAULT_SIZE_LIMIT = 10 * 1024 * 1024;

    private final String bindHost;
    private final int bindPort;
    private boolean allowNonLoopback;
    private volatile String hostname = "fake-smtp.test";
    private volatile Set<Extension> extensions = EnumSet.copyOf(DEFAULT_EXTENSIONS);
    private volatile long sizeLimit = DEFAULT_SIZE_LIMIT;
    private volatile long bytesPerSecond;
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private volatile Consumer<TranscriptEvent> listener;

    private final RuleBook rules = new RuleBook();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Transcript> transcripts = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final Set<Stage> stagesSeen = ConcurrentHashMap.newKeySet();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Channel serverChannel;
    private volatile InetSocketAddress lastBound; // a restart comes back on the same port
    private Socket portHolder;           // while stopped: keeps the port ours, and refusing
    private volatile SslContext tls;

    private FakeSmtpServer(String host, int port) {
        this.bindHost = host;
        this.bindPort = port;
    }

    /** A server to listen on {@code host:port} (port 0: an ephemeral port) once {@link #start()}ed. */
    public static FakeSmtpServer bind(String host, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        return new FakeSmtpServer(host, port);
    }

    /** Lets {@link #start()} bind an address outside 127.0.0.0/8 and ::1 (for testing a relay by hand). */
    public FakeSmtpServer allowNonLoopback() {
        this.allowNonLoopback = true;
        return this;
    }

    /** The name in the default greeting and EHLO reply. */
    public FakeSmtpServer hostname(String name) {
        this.hostname = name;
        return this;
    }

    /** Replaces the set of offered ESMTP extensions. */
    public FakeSmtpServer extensions(Set<Extension> offered) {
        this.extensions = offered.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(offered);
        return this;
    }

    /** Adds extensions to the EHLO reply. */
    public FakeSmtpServer offer(Extension... more) {
        Set<Extension> next = EnumSet.copyOf(extensions.isEmpty() ? EnumSet.noneOf(Extension.class) : extensions);
        next.addAll(List.of(more));
        this.extensions = next;
        return this;
    }

    /** Removes extensions from the EHLO reply (and the behaviour behind them). */
    public FakeSmtpServer withhold(Extension... fewer) {
        Set<Extension> next = extensions.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(extensions);
        List.of(fewer).forEach(next::remove);
        this.extensions = next;
        return this;
    }

    public Set<Extension> extensions() { return Collections.unmodifiableSet(extensions); }

    /** The SIZE limit advertised and enforced (MAIL FROM SIZE= and end of data); 0 advertises "SIZE" without a limit. */
    public FakeSmtpServer sizeLimit(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("size limit must be >= 0");
        this.sizeLimit = bytes;
        return this;
    }

    /** Throttles what the server sends to this many bytes per second (0: unlimited). New connections only. */
    public FakeSmtpServer bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) throw new IllegalArgumentException("bandwidth must be >= 0");
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Accept only this user and password for AUTH; with no credentials set any login succeeds. */
    public FakeSmtpServer credentials(String user, String password) {
        credentials.put(user, password);
        return this;
    }

    /** Called on the event loop for every transcript line as it happens; keep it quick. */
    public FakeSmtpServer onTranscriptLine(Consumer<TranscriptEvent> listener) {
        this.listener = listener;
        return this;
    }

    /** Starts a rule for {@code stage}; finish it with a terminal such as {@link RuleBuilder#reply}. */
    public RuleBuilder on(Stage stage) {
        return new RuleBuilder(this, stage);
    }

    /**
     * Binds and starts accepting. After {@link #stop()} it listens again on the port it had, so a test
     * can take a host down and bring it back; rules, messages, transcripts and connection numbers go on.
     */
    public synchronized FakeSmtpServer start() {
        if (serverChannel != null) throw new IllegalStateException("already started on " + address());
        InetAddress address = LoopbackPolicy.check(bindHost, allowNonLoopback, "allowNonLoopback()");
        if (offers(Extension.STARTTLS)) tlsContext(); // fail at start, not in the middle of a session
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(ServerEventLoops.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Half-closure lets a client send QUIT then shut its side and still read our 221.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        int number = connections.incrementAndGet();
                        Transcript transcript = new Transcript(number, ch.remoteAddress(), listener);
                        transcripts.add(transcript);
                        if (bytesPerSecond > 0) ch.pipeline().addLast("bandwidth", new BandwidthLimiter(bytesPerSecond));
                        ch.pipeline().addLast("framer", new SmtpLineDecoder());
                        ch.pipeline().addLast("session", new SmtpSession(FakeSmtpServer.this, number, transcript));
                    }
                });
        try {
            int port = lastBound != null ? lastBound.getPort() : bindPort;
            releasePort();
            serverChannel = bootstrap.bind(new InetSocketAddress(address, port)).sync().channel();
            lastBound = (InetSocketAddress) serverChannel.localAddress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + bindHost + ":" + bindPort, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot bind fake SMTP server to " + bindHost + ":" + bindPort + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The address actually bound (the real port when started with port 0); after stop(), the last one. */
    public InetSocketAddress address() {
        InetSocketAddress a = lastBound;
        if (a == null) throw new IllegalStateException("not started");
        return a;
    }

    /** Whether the server is listening now. */
    public boolean isRunning() { return serverChannel != null; }

    /** Messages accepted so far (2xx to end of data), in order of acceptance. */
    public List<ReceivedMessage> messages() { return List.copyOf(messages); }

    /** One transcript per connection so far, in accept order. */
    public List<Transcript> transcripts() { return List.copyOf(transcripts); }

    /** Whether any connection ever reached this stage (for commands: sent it). */
    public boolean sawCommand(Stage stage) { return stagesSeen.contains(stage); }

    /** Connections accepted so far, including those reset or closed on accept. */
    public int connectionCount() { return connections.get(); }

    /**
     * Stops listening and ends every open connection; new connects are refused until {@link #start()}.
     * Recorded messages and transcripts stay readable. Returns once connects are really refused.
     */
    public synchronized FakeSmtpServer stop() {
        if (shutDown() && !holdPort()) {
            throw new IllegalStateException("stopped, but port " + lastBound + " was not released within 2 s");
        }
        return this;
    }

    /** Stops for good and lets the port go. */
    @Override
    public synchronized void close() {
        shutDown();
        releasePort();
    }

    private boolean shutDown() {
        Channel ch = serverChannel;
        serverChannel = null;
        if (ch != null) ch.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
        return ch != null;
    }

    /**
     * Binds a never-listening socket to our port while stopped: connects are refused as with nothing
     * listening, and no server in a parallel test can take the port before we start again. Java NIO
     * releases a closed listening socket only when its selector next runs, so this retries briefly; a
     * successful bind is also the proof that the old listener is gone.
     */
    private boolean holdPort() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            Socket holder = new Socket();
            try {
                holder.setReuseAddress(true); // our closed connections may linger in TIME_WAIT on this port
                holder.bind(lastBound);
                portHolder = holder;
                return true;
            } catch (IOException e) {
                try { holder.close(); } catch (IOException ignored) { /* nothing held */ }
                if (System.nanoTime() > deadline) return false;
                LockSupport.parkNanos(2_000_000);
            }
        }
    }

    private void releasePort() {
        if (portHolder == null) return;
        try { portHolder.close(); } catch (IOException ignored) { /* released either way */ }
        portHolder = null;
    }

    // --- used by the session handler -------------------------------------------------------------

    void addRule(Rule rule) { rules.add(rule); }

    RuleBook rules() { return rules; }

    String hostnameForReplies() { return hostname; }

    boolean offers(Extension e) { return extensions.contains(e); }

    long sizeLimitBytes() { return sizeLimit; }

    void sawStage(Stage stage) { stagesSeen.add(stage); }

    void accepted(ReceivedMessage message) { messages.add(message); }

    int messageCount() { return messages.size(); }

    boolean checkLogin(String user, String password) {
        if (credentials.isEmpty()) return true;
        return password.equals(credentials.get(user));
    }

    synchronized SslContext tlsContext() {
        if (tls == null) tls = SelfSignedTls.serverContext(hostname);
        return tls;
    }

    @Override
    public String toString() {
        InetSocketAddress a = lastBound;
        return "FakeSmtpServer[" + (a == null ? bindHost + ":" + bindPort : a) + (serverChannel == null ? " (stopped)" : "") + "]";
    }
}
