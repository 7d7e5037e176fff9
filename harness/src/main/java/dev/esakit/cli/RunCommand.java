package dev.esakit.cli;

import dev.esakit.harness.report.ComplianceReportPlugin;
import dev.esakit.harness.target.TargetFactory;
import dev.esakit.harness.target.external.ExternalRelay;
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

    @Option(names = "--target", paramLabel = "FILE",
            description = "A target profile (targets/*.yaml) to run against a third-party relay instead of the"
                    + " embedded reference engine; scenarios then run one at a time.")
    Path target;

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
        if (target != null) {
            if (!Files.isRegularFile(target)) {
                System.err.println("run: no target profile at " + target.toAbsolutePath() + " (--target)");
                return ExitCode.USAGE;
            }
            // Read it now, so that a broken profile is a usage error (file:line: problem) before any scenario.
            ExternalRelay.profileOf(target);
            System.setProperty(TargetFactory.PROPERTY, target.toAbsolutePath().toString());
            threads = 1; // one relay, one route table and one queue: scenarios take turns
        }
        List<String> args = new ArrayList<>(List.of("--glue", "dev.esakit.harness.steps",
                "--plugin", ComplianceReportPlugin.class.getName() + ":" + out.toAbsolutePath(),
                // No Cucumber pass/fail counts: beside our verdicts they would mislead, since an EXPECTED FAIL
                // or a NOT OBSERVABLE scenario is a failed one to Cucumber.
                "--no-summary",
                "--threads", String.valueOf(threads), "--monochrome"));
        if (tags != null) {
            args.addAll(List.of("--tags", tags));
        }
        args.add(features.toAbsolutePath().toString());
        byte cucumberStatus;
        try {
            cucumberStatus = io.cucumber.core.cli.Main.run(args.toArray(String[]::new),
                    Thread.currentThread().getContextClassLoader());
        } finally {
            ExternalRelay.stopShared();
        }
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
