package dev.crosstalk.harness.run;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.Home;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.WorkFolder;
import dev.crosstalk.harness.bench.BenchConfig;
import dev.crosstalk.harness.bench.BenchResult;
import dev.crosstalk.harness.bench.BenchRunner;
import dev.crosstalk.harness.explore.ExploreConfig;
import dev.crosstalk.harness.explore.ExploreOutcome;
import dev.crosstalk.harness.explore.ExploreRunner;
import dev.crosstalk.harness.load.LoadConfig;
import dev.crosstalk.harness.load.LoadDriver;
import dev.crosstalk.harness.load.LoadMatrix;
import dev.crosstalk.harness.load.LoadResult;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.harness.stress.StressConfig;
import dev.crosstalk.harness.stress.StressRunner;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.GitInfo;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.shard.ArchiveMerge;
import dev.crosstalk.results.shard.Shard;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What {@code crosstalk run} (and {@code validate}, which runs the prerelease profile first) does:
 * stress, explore, bench and load with a profile's settings ({@link RunProfile}), collected into one archive.
 * The archive is written to a temporary name and renamed when complete; Ctrl-C ({@link RunInterruption})
 * leaves an archive whose manifest marks the parts that did not finish.
 *
 * <p>Runs on the caller's thread; only the Ctrl-C hook thread meets it, through {@link RunInterruption}.
 */
public final class RunPipeline {

    /**
     * One run.
     *
     * @param profile  what each instrument runs
     * @param manager  the manager stressed (unless the profile stresses all), benchmarked next to the defaults, loaded
     * @param plugins  the plugins {@code manager} came from; every instrument gets them
     * @param archives the folder the archive goes to; null for {@code <home>/results/archives}
     * @param quiet    no progress output
     * @param parts    the instruments to run ({@code run --parts}); the others are left out of the archive as not run
     *                 (an archive that {@code validate} refuses, and {@code compare} judges only against one that left
     *                 the same parts out)
     * @param shard    this run's share of a job split over several runners ({@code run --shard I/N}; {@link
     *                 Shard#WHOLE} for all of it): see {@link #run} for what each part's slice is
     */
    public record Settings(RunProfile profile, ManagerProvider manager, Plugins plugins, Path archives,
                           boolean quiet, Set<Part> parts, Shard shard) {

        public Settings {
            parts = Set.copyOf(parts == null || parts.isEmpty() ? EnumSet.allOf(Part.class) : parts);
            shard = shard == null ? Shard.WHOLE : shard;
        }

        /** The whole job. */
        public Settings(RunProfile profile, ManagerProvider manager, Plugins plugins, Path archives,
                        boolean quiet, Set<Part> parts) {
            this(profile, manager, plugins, archives, quiet, parts, Shard.WHOLE);
        }

        /** Every part. */
        public Settings(RunProfile profile, ManagerProvider manager, Plugins plugins, Path archives, boolean quiet) {
            this(profile, manager, plugins, archives, quiet, EnumSet.allOf(Part.class));
        }
    }

    /** The worst exit code of the parts, and the archive written (null if the run stopped before finishing it). */
    public record Result(int exitCode, Path archive) {
    }

    /** An instrument's exit code and, when it could not complete, why (may be null). */
    private record PartOutcome(int code, String message) {
    }

    /** The "exit code" of a part left out by {@code --parts}: below every real one, so it never decides the run's. */
    private static final int SKIPPED = -1;

    private RunPipeline() {
    }

    /**
     * Runs every part into one archive; prints the archive's path and the exit codes to {@code out},
     * progress to standard error (unless quiet), bench failures to {@code err}.
     *
     * <p>With a shard ({@code run --shard I/N}) each part runs this shard's slice, dealt round-robin ({@link Shard}) so
     * that {@code crosstalk merge} restores the whole job's order: the <b>providers</b> of the stress matrix, of the
     * explore matrix and of the load matrix (one slice of providers for all three, so that a load-matrix miss is judged
     * against the same shard's stress and explore catches, as unsharded), the <b>managers</b> of the benchmarks. What
     * is not a matrix — the stress or explore of the run's one manager, the run's load (a storm's latencies depend on
     * its size, so it is not cut up) — runs whole on shard 0, and the other shards record it as complete with
     * {@link ArchiveMerge#ON_SHARD_0}; a shard whose slice is empty records {@link ArchiveMerge#EMPTY_SLICE}.
     */
    public static Result run(Settings settings, PrintWriter out, PrintWriter err) throws Exception {
        RunProfile profile = settings.profile();
        Plugins plugins = settings.plugins();
        boolean quiet = settings.quiet();
        String manager = settings.manager().name();
        Path root = Home.root();
        Path archives = settings.archives() != null ? settings.archives() : root.resolve("results").resolve("archives");
        PrintStream progress = quiet ? new PrintStream(PrintStream.nullOutputStream()) : System.err;

        int worst = ExitCodes.CLEAN;
        RunInterruption interruption = new RunInterruption();
        // closed in reverse: the archive first (it has taken the work folder's files), then the folder
        try (WorkFolder work = WorkFolder.create(System.err);
             ArchiveWriter archive = ArchiveWriter.begin(archives, RunInfo.of(profile.name(), GitInfo.detect(root)))) {
            // Ctrl-C: the hook stops the running part, waits for its files to be added below, then closes
            // the archive as interrupted and removes the work folder. Each part settles in a finally so the hook
            // never waits in vain.
            archive.installShutdownHook(interruption::stopAndAwait, work::close);
            progress.println("crosstalk run: profile " + profile.name() + ", manager " + manager
                    + "; archive " + archive.plannedName());

            try {
                Shard shard = settings.shard();
                if (!shard.whole()) {
                    archive.shard(shard.toString());
                    progress.println("crosstalk run: shard " + shard + ": this runner's slice of every part");
                }
                // 1. stress
                List<ManagerProvider> stressed = profile.stressAll() ? shard.slice(plugins.all())
                        : shard.index() == 0 ? List.of(settings.manager()) : List.of();
                // (a shard with no providers to stress builds no config: it has nothing to run)
                StressConfig stress = stressed.isEmpty() ? null : new StressConfig(stressed,
                        profile.stressAll(), profile.stressMode(), null, work.resolve("stress"), plugins, null,
                        StressConfig.DEFAULT_WIDEN_MICROS, List.of(), null, quiet ? null : progress);
                if (settings.parts().contains(Part.STRESS)) {
                    archive.startPart(Part.STRESS, sliced(Map.of("managers", profile.stressAll() ? "all" : manager,
                            "mode", lower(profile.stressMode()), "widen_micros", StressConfig.DEFAULT_WIDEN_MICROS),
                            shard, stressed));
                }
                int stressCode = !settings.parts().contains(Part.STRESS) ? SKIPPED
                        : stressed.isEmpty() ? nothingToRun(archive, Part.STRESS, profile.stressAll())
                        : runPart(archive, interruption, Part.STRESS, work.resolve("stress"), false,
                        () -> new PartOutcome(StressRunner.run(stress).exitCode(), null));
                worst = worse(worst, stressCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                // 2. explore: its own part, the run's manager or (nightly, prerelease) every provider
                int exploreCode = !settings.parts().contains(Part.EXPLORE) ? SKIPPED
                        : runExplore(archive, interruption, profile, settings, work.resolve("explore"), progress);
                worst = worse(worst, exploreCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                // 3. bench
                // the defaults, then the run's manager unless it is one of them (select drops repeats); a shard
                // measures its slice of them
                List<String> benchManagers = new ArrayList<>(BenchConfig.DEFAULT_MANAGERS);
                benchManagers.add(manager);
                List<ManagerProvider> measured = shard.slice(plugins.select(benchManagers));
                BenchConfig bench = measured.isEmpty() ? null : BenchConfig.of(profile.benchProfile(), null, measured,
                        work.resolve("bench"), quiet, plugins, Home.jar("bench/target/benchmarks.jar"));
                if (settings.parts().contains(Part.BENCH)) {
                    archive.startPart(Part.BENCH, Map.of("profile", lower(profile.benchProfile()),
                            "managers", measured.stream().map(ManagerProvider::name).toList(),
                            "selection", profile.benchProfile().defaultSelection(),
                            "jmh_options", profile.benchProfile().jmhOptions(), "rounds", profile.benchProfile().rounds()));
                }
                int benchCode = !settings.parts().contains(Part.BENCH) ? SKIPPED
                        : measured.isEmpty() ? nothingToRun(archive, Part.BENCH, true)
                        : runPart(archive, interruption, Part.BENCH, work.resolve("bench"), false, () -> {
                    BenchResult r = BenchRunner.run(bench, quiet ? new PrintWriter(PrintWriter.nullWriter())
                            : new PrintWriter(System.err, true), err);
                    return new PartOutcome(r.exitCode(), r.message());
                });
                worst = worse(worst, benchCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                // 4. load
                LoadConfig.Builder load = LoadConfig.builder().manager(manager).users(profile.loadUsers())
                        .sessionsPerUser(profile.sessionsPerUser()).scenario(profile.loadScenario())
                        .ids(profile.loadIds()).out(work.resolve("load")).quiet(quiet).plugins(plugins.jars());
                if (profile.runsPerSession() > 0) {
                    load.runsPerSession(profile.runsPerSession());
                } else {
                    load.duration(profile.loadDuration()).deadline(profile.loadDuration().plus(Duration.ofMinutes(5)));
                }
                if (profile.loadSoak() != null) {
                    // the soak: the server in this JVM, so that the series cover it as well as the driver; a fixed rate
                    load.serverMode("in-process").rate(profile.loadSoak().runsPerSecond()).extra(Map.of(
                            LoadDriver.SAMPLE_RESOURCES, String.valueOf(profile.loadSoak().sampleEvery().toMillis() / 1000.0)));
                }
                LoadConfig loadConfig = load.build().validate();
                Map<String, Object> loadSettings = new LinkedHashMap<>();
                loadSettings.put("manager", manager);
                loadSettings.put("scenario", lower(profile.loadScenario()));
                loadSettings.put("users", profile.loadUsers());
                loadSettings.put("sessions_per_user", profile.sessionsPerUser());
                loadSettings.put("runs_per_session", profile.runsPerSession());
                loadSettings.put("duration", profile.loadDuration().toString());
                loadSettings.put("ids", profile.loadIds());
                loadSettings.put("matrix", profile.loadColumns().stream().map(LoadMatrix.Column::label).toList());
                if (profile.loadSoak() != null) {
                    loadSettings.put("soak_sample_every", profile.loadSoak().sampleEvery().toString());
                    loadSettings.put("soak_runs_per_second", profile.loadSoak().runsPerSecond());
                }
                List<ManagerProvider> matrixRows = shard.slice(plugins.all());
                if (!shard.whole()) {
                    loadSettings.put("shard", shard.toString());
                    loadSettings.put("matrix_managers", matrixRows.stream().map(ManagerProvider::name).toList());
                }
                if (settings.parts().contains(Part.LOAD)) {
                    archive.startPart(Part.LOAD, loadSettings);
                }
                boolean runsLoad = shard.index() == 0;
                int loadCode = !settings.parts().contains(Part.LOAD) ? SKIPPED
                        : !runsLoad && (!profile.loadAll() || matrixRows.isEmpty())
                        ? nothingToRun(archive, Part.LOAD, false)
                        : runPart(archive, interruption, Part.LOAD, work.resolve("load"), true, () -> {
                    // the run's load is not cut up (a storm's latencies depend on its size): shard 0 runs it
                    PartOutcome one = new PartOutcome(ExitCodes.CLEAN, null);
                    if (runsLoad) {
                        LoadResult r = LoadDriver.run(loadConfig, settings.manager(), progress, interruption.stopSignal());
                        one = new PartOutcome(r.exitCode(), r.problem());
                    } else {
                        Files.createDirectories(work.resolve("load"));
                    }
                    if (!profile.loadAll() || interruption.stopRequested()) {
                        return one;
                    }
                    // load --all: the matrix record joins the part as load/matrix.json (the cells' own files stay out:
                    // 15 providers x 9 columns of latency logs would outweigh the rest of the archive)
                    Path cells = work.resolve("load-matrix");
                    Sensitivity matrix = LoadMatrix.run(matrixRows, profile.loadColumns(), cells, plugins.jars(),
                            quiet ? null : progress, interruption.stopSignal(), caughtEarlier(work.path()));
                    Files.copy(cells.resolve(LoadMatrix.FILE), work.resolve("load").resolve(LoadMatrix.FILE));
                    int code = worse(one.code(), matrix.exitCode());
                    String why = one.message() != null ? one.message()
                            : matrix.exitCode() == ExitCodes.ERROR ? "the load matrix has cells that could not run" : null;
                    return new PartOutcome(code, why);
                });
                worst = worse(worst, loadCode);
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }

                Path written = archive.finish();
                out.println("archive: " + written);
                out.println("exit " + worst + " (stress " + code(stressCode) + ", explore " + code(exploreCode) + ", bench "
                        + code(benchCode) + ", load " + code(loadCode) + ")");
                return new Result(worst, written);
            } catch (Exception e) {
                // a runner that fails because the JVM is shutting down (Ctrl-C) is not a crash to report
                if (interruption.stopRequested()) {
                    return interrupted(archive);
                }
                throw e;
            }
        }
    }

    /**
     * What caught each seeded defect in this run's stress and explore matrices ({@code "stress (publication)"}): a
     * defect the load matrix then misses holds as caught elsewhere ({@link Verdict#ofLoad}). Empty when neither
     * instrument ran every provider.
     */
    static Map<String, List<String>> caughtEarlier(Path work) throws IOException {
        Map<String, List<String>> caught = new LinkedHashMap<>();
        addCatches(caught, "stress", work.resolve("stress").resolve(Sensitivity.FILE));
        addCatches(caught, "explore", work.resolve("explore").resolve(ExploreRunner.MATRIX));
        return caught;
    }

    private static void addCatches(Map<String, List<String>> caught, String instrument, Path matrixFile)
            throws IOException {
        if (!Files.isRegularFile(matrixFile)) {
            return;
        }
        Sensitivity matrix = Json.mapper().readValue(matrixFile.toFile(), Sensitivity.class);
        matrix.catches().forEach((manager, columns) -> caught.computeIfAbsent(manager, m -> new ArrayList<>())
                .add(instrument + " (" + String.join(", ", columns) + ")"));
    }

    /**
     * The explore part: the engine in a child JVM (stopped by Ctrl-C like stress's), over the run's manager or every
     * provider, at the profile's budget. A missing engine jar fails this part only: the other instruments still run.
     */
    private static int runExplore(ArchiveWriter archive, RunInterruption interruption, RunProfile profile,
                                  Settings settings, Path dir, PrintStream progress) throws Exception {
        Plugins plugins = settings.plugins();
        Shard shard = settings.shard();
        List<ManagerProvider> explored = profile.exploreAll() ? shard.slice(plugins.all())
                : shard.index() == 0 ? List.of(settings.manager()) : List.of();
        archive.startPart(Part.EXPLORE, sliced(Map.of("managers", profile.exploreAll() ? "all" : settings.manager().name(),
                "budget", profile.exploreBudget(), "jvm_flags", ExploreRunner.JVM_FLAGS), shard, explored));
        if (explored.isEmpty()) {
            return nothingToRun(archive, Part.EXPLORE, profile.exploreAll());
        }
        ExploreConfig explore = new ExploreConfig(explored,
                profile.exploreAll(), null, profile.exploreBudget(), null, null, dir, plugins, null,
                settings.quiet() ? null : progress).withJobs(ExploreConfig.DEFAULT_JOBS);
        return runPart(archive, interruption, Part.EXPLORE, dir, false, () -> {
            try {
                ExploreOutcome o = ExploreRunner.run(explore);
                return new PartOutcome(o.exitCode(), o.problems().isEmpty() ? null : String.join("; ", o.problems()));
            } catch (UsageException e) {
                return new PartOutcome(ExitCodes.ERROR, e.getMessage());
            }
        });
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
                                   RunInterruption interruption) throws IOException {
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

    /**
     * A part this shard has nothing of: recorded complete, saying why ({@code sliced}: its slice of a matrix is empty;
     * else the part runs whole on shard 0), so that a merged archive's part is complete only when every shard's is.
     */
    private static int nothingToRun(ArchiveWriter archive, Part part, boolean sliced) {
        archive.markPart(part, PartStatus.COMPLETE, sliced ? ArchiveMerge.EMPTY_SLICE : ArchiveMerge.ON_SHARD_0);
        return ExitCodes.CLEAN;
    }

    /** A part's configuration, with the shard and its slice when the run is one. */
    private static Map<String, Object> sliced(Map<String, Object> config, Shard shard, List<ManagerProvider> slice) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        if (!shard.whole()) {
            c.put("shard", shard.toString());
            c.put("slice", slice.stream().map(ManagerProvider::name).toList());
        }
        return c;
    }

    /** After a Ctrl-C: no further part starts; the archive closes as interrupted (here or in the hook). */
    private static Result interrupted(ArchiveWriter archive) throws IOException {
        archive.abort(ArchiveWriter.INTERRUPTED_BY_SIGNAL);
        return new Result(ExitCodes.ERROR, null);
    }

    /** Errors outrank findings: a run that could not complete vouches for nothing. */
    /** A part's exit code as printed. */
    private static String code(int code) {
        return code == SKIPPED ? "not run" : String.valueOf(code);
    }

    private static int worse(int a, int b) {
        if (a == ExitCodes.ERROR || b == ExitCodes.ERROR) {
            return ExitCodes.ERROR;
        }
        return Math.max(a, b);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
