package dev.esakit.fake.cli;

import dev.esakit.fake.script.ListenAddress;
import dev.esakit.fake.script.ScriptException;
import dev.esakit.fake.script.SmtpScript;
import dev.esakit.fake.smtp.FakeSmtpServer;
import dev.esakit.fake.net.LoopbackPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code conformance fake-smtp}: runs a scripted fake SMTP host until killed, printing every transcript
 * line to stdout, for people testing their own relay by hand.
 */
@Command(name = "fake-smtp", mixinStandardHelpOptions = true,
        description = {"Run a fake SMTP host that fails (or not) as a YAML script says, until killed.",
                "Every line in both directions is printed to stdout with a timestamp and connection number."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:could not listen", "2:bad script or options"})
public final class FakeSmtpCommand implements Callable<Integer> {
    static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 2525);

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (default: the script's 'listen', else 127.0.0.1:2525). Port 0 picks a free port.",
            defaultValue = "")
    String listen;

    @Option(names = "--script", paramLabel = "FILE", description = "YAML script (see fake-servers/README.md); none: accept everything.")
    Path script;

    @Option(names = "--allow-non-loopback", description = "Allow listening on an address outside 127.0.0.0/8 and ::1.")
    boolean allowNonLoopback;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SmtpScript loaded = null;
        ListenAddress address = DEFAULT_LISTEN;
        try {
            if (script != null) {
                loaded = SmtpScript.load(script);
                address = loaded.listen().orElse(DEFAULT_LISTEN);
            }
            if (!listen.isBlank()) address = ListenAddress.parse(listen);
            LoopbackPolicy.check(address.host(), allowNonLoopback, "--allow-non-loopback");
        } catch (ScriptException | IllegalArgumentException e) {
            err.println("fake-smtp: " + e.getMessage());
            err.flush();
            return 2;
        }

        FakeSmtpServer server = FakeSmtpServer.bind(address.host(), address.port());
        if (allowNonLoopback) server.allowNonLoopback();
        if (loaded != null) loaded.applyTo(server);
        server.onTranscriptLine(event -> {
            out.println(event);
            out.flush();
        });
        try {
            server.start();
        } catch (IllegalStateException e) {
            err.println("fake-smtp: " + e.getMessage());
            err.flush();
            return 1;
        }
        Thread hook = new Thread(() -> {
            server.close();
            stop.countDown();
        }, "fake-smtp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("fake-smtp listening on " + hostPort(server) + (loaded == null ? " (accept all)" : " script " + script)
                + "; stop with Ctrl-C");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing to undo
            }
        }
        return 0;
    }

    /** Ends a running {@link #call()} as a kill would; for embedding and tests. */
    public void stop() {
        stop.countDown();
    }

    private static String hostPort(FakeSmtpServer server) {
        return new ListenAddress(server.address().getAddress().getHostAddress(), server.address().getPort()).toString();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FakeSmtpCommand()).execute(args));
    }
}
