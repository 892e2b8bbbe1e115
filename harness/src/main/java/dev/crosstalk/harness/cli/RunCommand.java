package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.Home;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.bench.BenchConfig;
import dev.crosstalk.harness.bench.BenchResult;
import dev.crosstalk.harness.bench.BenchRunner;
import dev.crosstalk.harness.load.LoadConfig;
import dev.crosstalk.harness.load.LoadDriver;
import dev.crosstalk.harness.load.LoadResult;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.harness.run.RunInterruption;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.harness.stress.StressConfig;
import dev.crosstalk.harness.stress.StressOutcome;
import dev.crosstalk.harness.stress.StressRunner;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.GitInfo;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code crosstalk run --profile smoke|nightly|prerelease}: stress, bench and load with the
 * profile's settings ({@link RunProfile}), collected into one archive. The archive is written to a
 * temporary name and renamed when complete; Ctrl-C leaves an archive whose manifest marks the
 * parts that did not finish.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every instrument with a profile's settings and write one result archive.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--profile", defaultValue = "smoke", paramLabel = "smoke|nightly|prerelease",
            description = "smoke (< 5 min on 2 cores), nightly (< 60 min), prerelease (thorough). Default: ${DEFAULT-VALUE}.")
    String profileName;

    @Option(names = "--manager", defaultValue = "ssot", paramLabel = "NAME",
            description = "The manager stressed (unless the profile stresses all), benchmarked next to ssot,"
                    + " registry and factory, and loaded. Default: ${DEFAULT-VALUE}.")
    String manager;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the archive goes (default: results/archives).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The archive the last {@link #call()} wrote (for {@code validate}, which runs a profile first). */
    Path lastArchive;

    @Override
    public Integer call() throws Exception {
        RunProfile profile;
        try {
            profile = RunProfile.of(profileName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Plugins plugins = pluginOptions.resolve();
        if (!plugins.providers().contains(manager)) {
            throw new UsageException("no manager provider named \"" + manager + "\"; available: "
                    + String.join(", ", plugins.providers().names()));
        }
        Path root = Home.root();
        Path archives = out != null ? out : root.resolve("results").resolve("archives");
        Path work = Files.createTempDirectory("crosstalk-run-");
        PrintWriter err = spec.commandLine().getErr();
        PrintStream progress = quiet ? new PrintStream(PrintStream.nullOutputStream()) : System.err;

        int worst = ExitCodes.CLEAN;
        RunInterruption interruption = new RunInterruption();
        try (ArchiveWriter archive = ArchiveWriter.begin(archives, RunInfo.of(profile.name(), GitInfo.detect(root)))) {
            // Ctrl-C: the hook stops the running part, waits for its files to be added below, then closes
            // the archive as interrupted. Each part settles in a finally so the hook never waits in vain.
            archive.installShutdownHook(interruption::stopAndAwait);
            progress.println("crosstalk run: profile " + profile.name() + ", manager " + manager
                    + "; archive " + archive.plannedName());

            try {
                // 1. stress
                StressConfig stress = new StressConfig(profile.stressAll() ? List.of() : List.of(manager),
                        profile.stressAll(), profile.stressMode(), null, work.resolve("stress"), plugins, null,
                        StressConfig.DEFAULT_WIDEN_MICROS, List.of(), null, quiet ? null : progress);
                archive.startPart(Part.STRESS, Map.of("managers", profile.stressAll() ? "all" : manager,
                        "mode", profile.stressMode().name().toLowerCase(java.util.Locale.ROOT),
                        "widen_micros", StressConfig.DEFAULT_WIDEN_MICROS));
                int stressCode = runPart(archive, interruption, Part.STRESS, work.resolve("stress"), false,
                        () -> new PartOutcome(StressRunner.run(stress).exitCode(), null));
                worst = worse(worst, stressCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                // 2. bench
                List<String> benchManagers = new java.util.ArrayList<>(BenchConfig.DEFAULT_MANAGERS);
                if (!benchManagers.contains(manager)) {
                    benchManagers.add(manager);
                }
                BenchConfig bench = BenchConfig.of(profile.benchProfile(), null, benchManagers, work.resolve("bench"),
                        quiet, plugins, Home.jar("bench/target/benchmarks.jar"));
                archive.startPart(Part.BENCH, Map.of("profile", profile.benchProfile().name().toLowerCase(java.util.Locale.ROOT),
                        "managers", benchManagers, "selection", bench.selection(),
                        "jmh_options", profile.benchProfile().jmhOptions()));
                int benchCode = runPart(archive, interruption, Part.BENCH, work.resolve("bench"), false, () -> {
                    BenchResult r = BenchRunner.run(bench, quiet ? new PrintWriter(PrintWriter.nullWriter())
                            : new PrintWriter(System.err, true), err);
                    return new PartOutcome(r.exitCode(), r.message());
                });
                worst = worse(worst, benchCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                // 3. load
                LoadConfig.Builder load = LoadConfig.builder().manager(manager).users(profile.loadUsers())
                        .sessionsPerUser(profile.sessionsPerUser()).scenario(profile.loadScenario())
                        .out(work.resolve("load")).quiet(quiet).plugins(plugins.jars());
                if (profile.runsPerSession() > 0) {
                    load.runsPerSession(profile.runsPerSession());
                } else {
                    load.duration(profile.loadDuration()).deadline(profile.loadDuration().plus(Duration.ofMinutes(5)));
                }
                LoadConfig loadConfig = load.build().validate();
                Map<String, Object> loadSettings = new LinkedHashMap<>();
                loadSettings.put("manager", manager);
                loadSettings.put("scenario", profile.loadScenario().name().toLowerCase(java.util.Locale.ROOT));
                loadSettings.put("users", profile.loadUsers());
                loadSettings.put("sessions_per_user", profile.sessionsPerUser());
                loadSettings.put("runs_per_session", profile.runsPerSession());
                loadSettings.put("duration", profile.loadDuration().toString());
                archive.startPart(Part.LOAD, loadSettings);
                int loadCode = runPart(archive, interruption, Part.LOAD, work.resolve("load"), true, () -> {
                    LoadResult r = LoadDriver.run(loadConfig, plugins.providers().byName(manager), progress,
                            interruption.stopSignal());
                    return new PartOutcome(r.exitCode(), r.problem());
                });
                worst = worse(worst, loadCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                Path written = archive.finish();
                lastArchive = written;
                spec.commandLine().getOut().println("archive: " + written);
                spec.commandLine().getOut().println("exit " + worst + " (stress " + stressCode + ", bench "
                        + benchCode + ", load " + loadCode + ")");
            } catch (Exception e) {
                // a runner that fails because the JVM is shutting down (Ctrl-C) is not a crash to report
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }
                throw e;
            }
        }
        return worst;
    }

    /** An instrument's exit code and, when it could not complete, why (may be null). */
    private record PartOutcome(int code, String message) {
    }

    /**
     * Runs one part: tells {@code interruption} it has begun ({@code stopsInProcess}: it watches the stop
     * signal itself), runs it, then — also when it throws — adds what it wrote and marks it. Returns its
     * exit code.
     */
    private static int runPart(ArchiveWriter archive, RunInterruption interruption, Part part, Path dir,
                               boolean stopsInProcess, Callable<PartOutcome> instrument) throws Exception {
        interruption.begin(part.dir(), stopsInProcess);
        PartOutcome outcome = new PartOutcome(ExitCodes.ERROR, null);
        try {
            outcome = instrument.call();
        } finally {
            finishPart(archive, part, dir, outcome.code(), outcome.message(), interruption);
        }
        return outcome.code();
    }

    /**
     * Adds what the part wrote and marks how far it got, then tells {@code interruption} the part has
     * settled (always, so a Ctrl-C hook waiting for it is released even when adding fails). A part that
     * was stopped by Ctrl-C is {@code partial}: what it wrote before the stop is kept.
     */
    private static void finishPart(ArchiveWriter archive, Part part, Path dir, int code, String message,
                                   RunInterruption interruption) throws java.io.IOException {
        try {
            if (Files.isDirectory(dir)) {
                archive.addPart(part, dir);
            }
            if (interruption.stopRequested()) {
                archive.markPart(part, PartStatus.PARTIAL, "interrupted by a signal; what it wrote before the stop is kept"
                        + (message == null || message.startsWith("interrupted") ? "" : " (" + message + ")"));
            } else {
                archive.markPart(part, code == ExitCodes.ERROR ? PartStatus.FAILED : PartStatus.COMPLETE,
                        code == ExitCodes.ERROR ? (message == null ? "the instrument could not complete" : message)
                                : code == ExitCodes.FINDING ? "findings (exit 1)" : null);
            }
        } catch (IllegalStateException closedByHook) {
            // the hook gave up waiting and closed the archive: this part stays marked partial there
        } finally {
            interruption.settled();
        }
    }

    /** After a Ctrl-C: no further part starts; the archive closes as interrupted (here or in the hook). */
    private static int interrupted(ArchiveWriter archive) throws java.io.IOException {
        archive.abort(ArchiveWriter.INTERRUPTED_BY_SIGNAL);
        return ExitCodes.ERROR;
    }

    /** Errors outrank findings: a run that could not complete vouches for nothing. */
    private static int worse(int a, int b) {
        if (a == ExitCodes.ERROR || b == ExitCodes.ERROR) {
            return ExitCodes.ERROR;
        }
        return Math.max(a, b);
    }
}
