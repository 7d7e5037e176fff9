package dev.esakit.cli;

import dev.esakit.harness.report.ComplianceReportPlugin;
import dev.esakit.harness.target.TargetFactory;
import dev.esakit.report.ExitCode;
import dev.esakit.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conformance run}: the main job. Runs the catalog against a target (the embedded reference engine by
 * default), prints progress, writes the report, and exits 0 only if every verdict is as expected.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the conformance catalog against a target and write the compliance report.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--features", paramLabel = "DIR", description = "The catalog (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:esakit.home:-.}/features")
    Path features;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:esakit.home:-.}/build-output/report")
    Path out;

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "Only scenarios whose tags match, e.g. \"@FO-1 or @SEL-2\".")
    String tags;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8",
            description = "Scenarios run side by side (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quiet", description = "No progress on the console.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!Files.isDirectory(features)) {
            System.err.println("run: no catalog at " + features.toAbsolutePath() + " (--features)");
            return ExitCode.USAGE;
        }
        if (threads < 1) {
            System.err.println("run: --threads must be at least 1");
            return ExitCode.USAGE;
        }
        System.setProperty("esakit.quiet", Boolean.toString(quiet));
        System.setProperty(TargetFactory.PROPERTY, System.getProperty(TargetFactory.PROPERTY, "reference"));
        List<String> args = new ArrayList<>(List.of("--glue", "dev.esakit.harness.steps",
                "--plugin", ComplianceReportPlugin.class.getName() + ":" + out.toAbsolutePath(),
                "--threads", String.valueOf(threads), "--monochrome"));
        if (tags != null) {
            args.addAll(List.of("--tags", tags));
        }
        args.add(features.toAbsolutePath().toString());
        byte cucumberStatus = io.cucumber.core.cli.Main.run(args.toArray(String[]::new),
                Thread.currentThread().getContextClassLoader());
        RunResult run = ComplianceReportPlugin.lastRun();
        if (run == null) {
            return cucumberStatus == 0 ? ExitCode.USAGE : (int) cucumberStatus;
        }
        if (!quiet) {
            System.out.println("Report: " + out.toAbsolutePath().resolve("report.html"));
        }
        return run.scenarios().isEmpty() ? ExitCode.UNEXPECTED : ExitCode.of(run);
    }
}
