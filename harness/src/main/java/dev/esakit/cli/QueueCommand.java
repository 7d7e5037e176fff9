package dev.esakit.cli;

import dev.esakit.engine.queue.QueueControl;
import dev.esakit.engine.queue.QueueListing;
import dev.esakit.engine.queue.RocksDbSpool;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conformance queue}: the operator's view of a reference engine's queue, as an ESA's {@code showqueue},
 * {@code delivernow}, {@code bouncerecipients} and {@code deleterecipients}. With the engine running, each
 * command goes to it through the spool's control directory ({@link QueueControl}); with it stopped,
 * {@code list} reads the spool and the others wait in the control directory for its next start.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "List the queue of a reference engine, or deliver, bounce or delete held messages.",
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.DeliverNow.class, QueueCommand.Bounce.class,
                QueueCommand.Delete.class})
final class QueueCommand {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** The options every queue subcommand shares. */
    abstract static class OnSpool implements Callable<Integer> {
        @Option(names = "--spool", required = true, paramLabel = "DIR",
                description = "The engine's spool directory (serve --spool-dir).")
        Path spool;

        @Spec
        CommandSpec spec;

        abstract String command();

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        @Override
        public Integer call() {
            try {
                return execute();
            } finally {
                out().flush();
                err().flush();
            }
        }

        private Integer execute() {
            if (!Files.isDirectory(spool)) {
                err().println("queue: --spool " + spool + ": no such directory");
                return 2;
            }
            if (!QueueControl.engineRunning(spool)) {
                return whileStopped();
            }
            Optional<String> answer = QueueControl.send(spool, command(), ANSWER_TIMEOUT);
            if (answer.isEmpty()) {
                err().println("queue: the engine on " + spool + " did not answer within "
                        + ANSWER_TIMEOUT.toSeconds() + " s; the request stays in " + spool.resolve(QueueControl.DIRECTORY)
                        + " and is applied when the engine next reads it");
                return 1;
            }
            String text = answer.get();
            if (text.startsWith("error: ")) {
                err().print("queue: " + text.substring("error: ".length()));
                return 2;
            }
            out().print(text.substring(text.indexOf('\n') + 1));
            return 0;
        }

        /** No engine has the spool open. */
        Integer whileStopped() {
            QueueControl.leave(spool, command());
            out().println("no engine is running on " + spool + "; '" + command()
                    + "' will be applied when it starts");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every held message with each recipient's status, attempts and next attempt.")
    static final class ListQueue extends OnSpool {
        @Override
        String command() {
            return "list";
        }

        @Override
        Integer whileStopped() {
            try {
                out().print(QueueListing.format(RocksDbSpool.readOnly(spool), ZoneId.systemDefault()));
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                err().println("queue list: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "deliver-now", mixinStandardHelpOptions = true,
            description = "Make every held recipient (of one domain, with --domain) due at once.")
    static final class DeliverNow extends OnSpool {
        @Option(names = "--domain", paramLabel = "D", description = "Only recipients in this domain.")
        String domain;

        @Override
        String command() {
            if (domain != null && !domain.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("--domain '" + domain + "' is not a domain name");
            }
            return domain == null ? "deliver-now" : "deliver-now " + domain;
        }
    }

    @Command(name = "bounce", mixinStandardHelpOptions = true,
            description = "Hard-bounce every open recipient of a message, with a DSN to its sender.")
    static final class Bounce extends OnSpool {
        @Option(names = "--mid", required = true, paramLabel = "N", description = "The message's MID.")
        long mid;

        @Override
        String command() {
            return "bounce " + mid;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a message from the queue without a DSN.")
    static final class Delete extends OnSpool {
        @Option(names = "--mid", required = true, paramLabel = "N", description = "The message's MID.")
        long mid;

        @Override
        String command() {
            return "delete " + mid;
        }
    }
}
