package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.run.ReleaseGate;
import dev.crosstalk.harness.run.ReleaseGate.Check;
import dev.crosstalk.harness.run.RunPipeline;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.compare.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crosstalk validate}: the pre-release gate. Runs the prerelease profile (or reads
 * {@code --archive}) and checks it with the {@link ReleaseGate}; with {@code --junit FILE} also writes JUnit XML,
 * one testcase per check, so CI systems show the gate.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"The pre-release gate: run the prerelease profile (or read --archive) and check it: its profile"
                + " and stress mode, every part complete, a sensitivity matrix with seeded defects in which every"
                + " correct path is clean and every defect caught, no leak or loss, and — with --baseline — nothing"
                + " regressed and nothing left unjudged (as compare)."})
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ManagerOption.DefaultSsot manager;

    @Option(names = "--archive", paramLabel = "ARCHIVE", description = "Check this archive instead of running.")
    Path archivePath;

    @Option(names = "--baseline", paramLabel = "ARCHIVE", description = "Fail on a regression against this archive.")
    Path baseline;

    @Option(names = "--baseline-window", paramLabel = "DIR|ARCHIVE", split = ",",
            description = "Fail on a regression against the last --window complete archives of the profile started"
                    + " before the candidate, pooled (as compare --baseline-window: the nights' own noise sets each"
                    + " benchmark's threshold). Instead of --baseline.")
    List<Path> window;

    @Option(names = "--window", defaultValue = "5", paramLabel = "N",
            description = "How many archives --baseline-window pools (default: ${DEFAULT-VALUE}).")
    int windowSize;

    @Option(names = "--profile", defaultValue = "prerelease", paramLabel = "PROFILE",
            description = "The profile run, and the one the archive must have been run with, name and stress mode"
                    + " (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "PCT",
            description = "Smallest regression that counts, as in compare (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write the checks as JUnit XML to FILE (one testcase per check). Default: none; the"
                    + " gate writes nothing into the current folder unless asked.")
    Path junit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // bad options fail before a prerelease run of an hour, not after it
        double thresholdPercent = ArchiveArgs.percent(threshold);
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha " + alpha + " must be between 0 and 1");
        }
        RunProfile profile;
        try {
            profile = RunProfile.of(profileName);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--profile: " + e.getMessage());
        }
        if (baseline != null && window != null) {
            throw new UsageException("give --baseline or --baseline-window, not both");
        }
        if (windowSize < 1) {
            throw new UsageException("--window " + windowSize + " must be 1 or more");
        }
        Archive base = baseline == null ? null : ArchiveArgs.open(baseline);
        List<Archive> history = window == null ? List.of() : ArchiveArgs.openAll(window);
        Path target = archivePath;
        if (target == null) {
            RunPipeline.Result run = RunPipeline.run(new RunPipeline.Settings(profile,
                    manager.provider(), manager.plugins(), null, false), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
            if (run.archive() == null) {
                return run.exitCode() == ExitCodes.CLEAN ? ExitCodes.ERROR : run.exitCode();
            }
            target = run.archive();
        }
        Archive candidate = ArchiveArgs.open(target);
        List<Archive> baselines = base != null ? List.of(base) : List.of();
        String baselineName = baseline == null ? null : baseline.getFileName().toString();
        if (window != null) {
            Window.Selection sel = Window.select(history, candidate, windowSize);
            if (sel.archives().isEmpty()) {
                throw new UsageException("--baseline-window: no complete " + candidate.manifest().profile()
                        + " archive started before " + candidate.name() + " (" + String.join("; ", sel.skipped()) + ")");
            }
            baselines = sel.archives();
            baselineName = "the window of " + sel.archives().size() + " (" + sel.archives().get(0).name() + " … "
                    + sel.archives().get(sel.archives().size() - 1).name() + ")";
        }
        List<Check> checks = new ReleaseGate(alpha, thresholdPercent, profile)
                .checksAgainst(candidate, baselines, baselineName);
        if (junit != null) {
            ArchiveArgs.writeAtomically(junit.toAbsolutePath(), ReleaseGate.junit(candidate.name(), checks));
        }

        PrintWriter out = spec.commandLine().getOut();
        long failed = checks.stream().filter(c -> !c.passed()).count();
        for (Check c : checks) {
            out.printf("%-6s %s (%s)%n", c.passed() ? "PASS" : "FAIL", c.name(), c.message());
        }
        out.printf("%nvalidate %s: %s (%d of %d checks failed)%s%n", candidate.name(),
                failed == 0 ? "PASSED" : "FAILED", failed, checks.size(),
                junit == null ? "" : "; JUnit XML: " + junit.toAbsolutePath());
        return failed == 0 ? ExitCodes.CLEAN : ExitCodes.FINDING;
    }
}
