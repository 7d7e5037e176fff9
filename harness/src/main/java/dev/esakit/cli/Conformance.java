package dev.esakit.cli;

import dev.esakit.engine.routing.RoutesFormatException;
import dev.esakit.fake.cli.FakeSmtpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./conformance} launcher: one command with a subcommand per job. */
@Command(name = "conformance", mixinStandardHelpOptions = true, version = "esakit 0.1.0",
        description = "Conformance kit for SMTP relays that fail over like a Cisco ESA.",
        subcommands = {RunCommand.class, ServeCommand.class, FakeSmtpCommand.class, ReportCommand.class,
                QueueCommand.class})
public final class Conformance {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Conformance());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RoutesFormatException || e instanceof IllegalArgumentException
                    || e instanceof dev.esakit.report.ReportFormatException) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
