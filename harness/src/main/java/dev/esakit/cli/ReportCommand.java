package dev.esakit.cli;

import dev.esakit.harness.catalog.RuleCatalog;
import dev.esakit.report.ExitCode;
import dev.esakit.report.ReportMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conformance report merge}: one rules x targets matrix from the runs of several targets. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Work with compliance reports.",
        subcommands = ReportCommand.Merge.class)
final class ReportCommand {

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge the reports of separate runs (one per target) into one matrix.")
    static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Report directories of single runs.")
        List<Path> runs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the merged report goes.")
        Path out;

        @Option(names = "--rules", paramLabel = "FILE", description = "The rule catalog (default: ${DEFAULT-VALUE}).",
                defaultValue = "${sys:esakit.home:-.}/features/rules.yaml")
        Path rules;

        @Override
        public Integer call() throws IOException {
            for (Path run : runs) {
                if (!Files.exists(run)) {
                    System.err.println("report merge: " + run + " does not exist");
                    return ExitCode.USAGE;
                }
            }
            ReportMerger.merge(runs, RuleCatalog.load(rules).rules(), out);
            System.out.println("Matrix: " + out.toAbsolutePath().resolve("report.html"));
            return ExitCode.EXPECTED;
        }
    }
}
