package dev.crosstalk.harness.explore;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.Home;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.explore.ExploreConfig.Engine;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.harness.process.ChildJvm;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the explore engine (module {@code explore}, {@code explore/target/explore.jar}) against one manager or all of
 * them and writes what {@code crosstalk explore} promises: {@code results.json} (the engine's own, results'
 * {@link ExploreResults}), {@code matrix.json} (with {@code all}: the explore matrix as results' {@link Sensitivity}),
 * {@code junit.xml} and {@code console.log}.
 *
 * <p>The engine runs as a child JVM ({@code java <JVM_FLAGS> -cp explore.jar[:plugins] dev.crosstalk.explore.Main
 * …}), as JCStress does for stress, for the same reasons: the engine instruments the manager's classes, which must
 * not be the harness's already loaded ones, and a plugin's provider is loaded once, by the engine's class loader.
 * Its contract: progress lines on stdout; exit 0 when it wrote {@code --out FILE}, 2 when it refused its arguments
 * (an unknown manager, a bad replay token), 3 when it could not run. The child is stopped with the CLI
 * ({@link ChildJvm}'s policy), so Ctrl-C leaves {@code console.log} and whatever the engine had written.
 *
 * <p>Runs on the caller's thread; the child's output is pumped on that thread too.
 */
public final class ExploreRunner {

    /** The engine's entry point. */
    public static final String MAIN = "dev.crosstalk.explore.Main";

    /**
     * The engine JVM's flags: Lincheck attaches its agent to that JVM and reads JDK internals. The engine's own
     * {@code dev.crosstalk.explore.Main.JVM_FLAGS} is the source (the harness does not link the engine, it only
     * starts it); {@code ExploreEndToEndTest} checks that this copy equals what the engine's --help asks for.
     */
    public static final List<String> JVM_FLAGS = List.of("-Djdk.attach.allowAttachSelf=true",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.util=ALL-UNNAMED",
            "--add-exports", "java.base/sun.security.action=ALL-UNNAMED");

    /** Where the engine jar is built, relative to the checkout. */
    public static final String JAR = "explore/target/explore.jar";

    public static final String RESULTS = ExploreResults.FILE;
    public static final String MATRIX = "matrix.json";
    public static final String JUNIT = "junit.xml";
    public static final String CONSOLE = "console.log";
    public static final String REPLAY = "replay.json";
    public static final String REPLAY_LOG = "replay.log";

    /** The engine's exit codes (its contract). */
    static final int ENGINE_WROTE = 0;
    static final int ENGINE_BAD_ARGUMENTS = 2;
    static final int ENGINE_COULD_NOT_RUN = 3;

    private ExploreRunner() {
    }

    /**
     * The engine jar of this checkout.
     *
     * @throws UsageException saying how to build it, if it is missing
     */
    public static Path installedJar() {
        Path jar = Home.root().resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(jar + " is missing: build it with ./mvnw -B -pl explore -am package -DskipTests"
                    + " (the ./crosstalk launcher does this for you)");
        }
        return jar;
    }

    /** The engine's command line for {@code config}, writing {@code file}. */
    public static List<String> command(ExploreConfig config, Engine engine, Path file) {
        List<String> args = new ArrayList<>(prefix(engine, config.plugins()));
        if (config.all()) {
            args.add("--all");
        } else {
            args.addAll(List.of("--managers", String.join(",", config.managers().stream().map(ManagerProvider::name).toList())));
        }
        if (config.scenarios() != null && !config.scenarios().isBlank()) {
            args.addAll(List.of("--scenarios", config.scenarios()));
        }
        if (config.budget() != null) {
            args.addAll(List.of("--budget", config.budget().toString()));
        }
        if (config.time() != null) {
            // whole seconds, rounded up: the engine takes SECONDS, and 1.5 s must not become 1 s
            args.addAll(List.of("--time", Long.toString((config.time().toMillis() + 999) / 1000)));
        }
        if (config.seed() != null) {
            args.addAll(List.of("--seed", config.seed().toString()));
        }
        args.addAll(List.of("--out", file.toString()));
        return ChildJvm.command(args);
    }

    /** The engine's command line replaying {@code token} into {@code file}. */
    public static List<String> replayCommand(Engine engine, Plugins plugins, String token, Path file) {
        List<String> args = new ArrayList<>(prefix(engine, plugins));
        args.addAll(List.of("--replay", token, "--out", file.toString()));
        return ChildJvm.command(args);
    }

    private static List<String> prefix(Engine engine, Plugins plugins) {
        List<String> args = new ArrayList<>(engine.jvmFlags());
        String extra = plugins.classpath();
        args.addAll(List.of("-cp", extra.isEmpty() ? engine.classpath() : engine.classpath() + File.pathSeparator + extra,
                engine.mainClass()));
        return args;
    }

    /** Runs, writes every output file, and returns the outcome. */
    public static ExploreOutcome run(ExploreConfig config) throws IOException, InterruptedException {
        Engine engine = config.engine() != null ? config.engine() : Engine.installed();
        Path out = config.out().toAbsolutePath().normalize();
        Files.createDirectories(out);
        // Replace the previous run's results: no stale matrix or results may survive a run that fails.
        for (String f : List.of(RESULTS, MATRIX, JUNIT, CONSOLE)) {
            Files.deleteIfExists(out.resolve(f));
        }
        try (var stale = Files.list(out)) {
            for (Path p : stale.filter(f -> f.getFileName().toString().matches("(console|results)-\\d+\\.(log|json)"))
                    .toList()) {
                Files.delete(p);
            }
        }
        Path file = out.resolve(RESULTS);
        int jobs = Math.min(config.jobs(), config.managers().size());
        say(config.progress(), "crosstalk explore: " + (config.all() ? "every manager (" + config.managers().size() + ")"
                : String.join(", ", config.managers().stream().map(ManagerProvider::name).toList())) + ", " + bound(config)
                + (jobs > 1 ? ", " + jobs + " engine JVMs side by side" : "") + "; output in " + out);
        List<String> problems = new ArrayList<>();
        if (jobs <= 1) {
            int exit = runChild(command(config, engine, file), out, out.resolve(CONSOLE),
                    line -> progress(config.progress(), "  ", line));
            problems.addAll(engineProblems(exit, out.resolve(CONSOLE)));
            if (!Files.isRegularFile(file) && exit == ENGINE_WROTE) {
                problems.add("the engine exited 0 but wrote no " + file);
            }
        } else {
            problems.addAll(runSideBySide(config, engine, jobs, out, file));
        }
        Optional<ExploreResults> results = Optional.empty();
        if (Files.isRegularFile(file)) {
            try {
                results = Optional.of(ExploreResults.read(file));
            } catch (IOException | RuntimeException e) {
                problems.add("the engine's " + file + " cannot be read: " + e.getMessage());
            }
        }
        results.ifPresent(r -> problems.addAll(missingManagers(config, r)));
        Optional<Sensitivity> matrix = Optional.empty();
        if (results.isPresent()) {
            ExploreOutput.writeJunit(out.resolve(JUNIT), results.get(), problems);
            if (config.all()) {
                Sensitivity m = ExploreMatrix.of(results.get(), System.getProperty("os.arch"));
                m.write(out.resolve(MATRIX));
                matrix = Optional.of(m);
            }
        }
        return new ExploreOutcome(exitCode(results, matrix, problems), results, matrix, problems, out);
    }

    /**
     * Runs {@code jobs} engine JVMs at once, each over every {@code jobs}-th manager (round robin, so that the
     * slow rows spread), with one seed for all of them (drawn here when none was given, so that the merged
     * results record the seed every row was explored with). Their results are merged into {@code file} and their
     * logs into {@code console.log}, one after the other; live progress lines carry the engine's number.
     * Returns the problems; on interruption every engine is stopped first.
     */
    private static List<String> runSideBySide(ExploreConfig config, Engine engine, int jobs, Path out, Path file)
            throws IOException, InterruptedException {
        long seed = config.seed() != null ? config.seed() : new SplittableRandom().nextLong();
        List<List<ManagerProvider>> shares = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < config.managers().size(); i++) {
            shares.get(i % jobs).add(config.managers().get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "crosstalk-explore-pump");
            t.setDaemon(true);
            return t;
        });
        List<ChildJvm> children = new CopyOnWriteArrayList<>();
        List<Future<Integer>> exits = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            int n = i + 1;
            ExploreConfig share = new ExploreConfig(shares.get(i), false, config.scenarios(), config.budget(),
                    config.time(), seed, out, config.plugins(), engine, config.progress());
            List<String> cmd = command(share, engine, out.resolve("results-" + n + ".json"));
            exits.add(pool.submit(() -> runChild(cmd, out, out.resolve("console-" + n + ".log"),
                    line -> progress(config.progress(), "  [" + n + "] ", line), children::add)));
        }
        List<String> problems = new ArrayList<>();
        List<ExploreResults> parts = new ArrayList<>();
        try {
            for (int i = 0; i < jobs; i++) {
                Path part = out.resolve("results-" + (i + 1) + ".json");
                Path log = out.resolve("console-" + (i + 1) + ".log");
                int exit;
                try {
                    exit = exits.get(i).get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("explore engine " + (i + 1) + " failed", cause);
                }
                int n = i + 1;
                problems.addAll(engineProblems(exit, log).stream().map(p -> "engine " + n + " of " + jobs + ": " + p)
                        .toList());
                if (Files.isRegularFile(part)) {
                    try {
                        parts.add(ExploreResults.read(part));
                    } catch (IOException | RuntimeException e) {
                        problems.add("the engine's " + part + " cannot be read: " + e.getMessage());
                    }
                } else if (exit == ENGINE_WROTE) {
                    problems.add("the engine exited 0 but wrote no " + part);
                }
            }
        } catch (InterruptedException e) {
            children.forEach(ChildJvm::stop);
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
        }
        StringBuilder console = new StringBuilder();
        for (int i = 0; i < jobs; i++) {
            Path log = out.resolve("console-" + (i + 1) + ".log");
            if (Files.isRegularFile(log)) {
                console.append(Files.readString(log)); // the engine's own log stays beside it
            }
        }
        AtomicFiles.writeString(out.resolve(CONSOLE), console.toString());
        if (!parts.isEmpty()) {
            List<String> order = config.managers().stream().map(ManagerProvider::name).toList();
            ExploreResults.merge(parts, order).write(file);
        }
        for (int i = 0; i < jobs; i++) {
            Files.deleteIfExists(out.resolve("results-" + (i + 1) + ".json"));
        }
        return problems;
    }

    /** Errors win: a run that could not complete vouches for nothing; then the matrix's verdict, or any violation. */
    static int exitCode(Optional<ExploreResults> results, Optional<Sensitivity> matrix, List<String> problems) {
        if (!problems.isEmpty() || results.isEmpty()) {
            return ExitCodes.ERROR;
        }
        if (matrix.isPresent()) {
            return matrix.get().exitCode();
        }
        List<ExploreResults.Row> rows = results.get().results();
        if (rows.stream().anyMatch(r -> ExploreResults.ERROR.equals(r.outcome()))) {
            return ExitCodes.ERROR;
        }
        return rows.stream().anyMatch(r -> ExploreResults.VIOLATION.equals(r.outcome())) ? ExitCodes.FINDING : ExitCodes.CLEAN;
    }

    /**
     * Replays one failing interleaving: 1 when the failure reproduces, 0 when it does not, 2 for a token the engine
     * refuses or a replay that could not run. Writes {@code replay.json} and {@code replay.log} into {@code out}.
     */
    public static ReplayOutcome replay(String token, Plugins plugins, Engine engine, Path out, PrintStream progress)
            throws IOException, InterruptedException {
        Engine e = engine != null ? engine : Engine.installed();
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve(REPLAY);
        Path log = dir.resolve(REPLAY_LOG);
        Files.deleteIfExists(file);
        int exit = runChild(replayCommand(e, plugins == null ? Plugins.none() : plugins, token, file), dir, log,
                line -> say(progress, "  " + line));
        if (exit == ENGINE_BAD_ARGUMENTS) {
            return new ReplayOutcome(ExitCodes.ERROR, "the engine refused the token \"" + token + "\" (see " + log + ")",
                    List.of(), file, log);
        }
        List<String> problems = engineProblems(exit, log);
        if (!problems.isEmpty() || !Files.isRegularFile(file)) {
            return new ReplayOutcome(ExitCodes.ERROR, problems.isEmpty() ? "the engine wrote no " + file
                    : String.join("; ", problems), List.of(), file, log);
        }
        List<ExploreResults.Row> rows;
        try {
            rows = ExploreResults.read(file).results();
        } catch (IOException | RuntimeException ex) {
            return new ReplayOutcome(ExitCodes.ERROR, "the engine's " + file + " cannot be read: " + ex.getMessage(),
                    List.of(), file, log);
        }
        if (rows.stream().anyMatch(r -> ExploreResults.VIOLATION.equals(r.outcome()))) {
            return new ReplayOutcome(ExitCodes.FINDING, "the failure reproduces", rows, file, log);
        }
        if (rows.isEmpty() || rows.stream().anyMatch(r -> ExploreResults.ERROR.equals(r.outcome()))) {
            return new ReplayOutcome(ExitCodes.ERROR, "the replay could not run the interleaving (see " + log + ")",
                    rows, file, log);
        }
        return new ReplayOutcome(ExitCodes.CLEAN, "the failure does not reproduce: the replayed interleaving kept the"
                + " contract (the manager or the token's scenario changed since it was recorded)", rows, file, log);
    }

    /** What the engine's exit code says went wrong (empty when it wrote its file). */
    private static List<String> engineProblems(int exit, Path log) {
        return switch (exit) {
            case ENGINE_WROTE -> List.of();
            case ENGINE_BAD_ARGUMENTS -> List.of("the engine refused its arguments (exit 2; see " + log + ")");
            case ENGINE_COULD_NOT_RUN -> List.of("the engine could not run (exit 3; see " + log + ")");
            case -1 -> List.of("the engine JVM could not start (see " + log + ")");
            default -> List.of("the engine exited with " + exit + " (stopped, or crashed; see " + log + ")");
        };
    }

    /** The managers asked for that the results have no row of: the run cannot vouch for them. */
    private static List<String> missingManagers(ExploreConfig config, ExploreResults results) {
        Set<String> seen = new LinkedHashSet<>();
        results.results().forEach(r -> seen.add(r.manager()));
        List<String> missing = config.managers().stream().map(ManagerProvider::name).filter(m -> !seen.contains(m)).toList();
        return missing.isEmpty() ? List.of() : List.of("no results for " + String.join(", ", missing));
    }

    private static String bound(ExploreConfig c) {
        String b = c.budget() != null ? "budget " + c.budget() + " interleavings per scenario"
                : c.time() != null ? String.format(Locale.ROOT, "%d s per scenario", (c.time().toMillis() + 999) / 1000)
                : "the engine's default budget";
        return b + (c.seed() == null ? "" : ", seed " + c.seed())
                + (c.scenarios() == null ? "" : ", scenarios /" + c.scenarios() + "/");
    }

    /** Runs the engine in {@code dir}, its merged output logged (after the command line) and fed to {@code lines}. */
    private static int runChild(List<String> cmd, Path dir, Path log, Consumer<String> lines)
            throws IOException, InterruptedException {
        return runChild(cmd, dir, log, lines, c -> { });
    }

    /** As above; {@code started} is told the child once it runs (to stop it from another thread). */
    private static int runChild(List<String> cmd, Path dir, Path log, Consumer<String> lines, Consumer<ChildJvm> started)
            throws IOException, InterruptedException {
        ChildJvm child;
        try {
            child = ChildJvm.start(cmd, dir, Map.of(), "crosstalk-explore");
        } catch (IOException e) {
            AtomicFiles.writeString(log, "# " + String.join(" ", cmd) + "\ncannot start: " + e + "\n");
            return -1;
        }
        started.accept(child);
        try (child) {
            return child.pump(log, "# " + String.join(" ", cmd), lines);
        }
    }

    /**
     * An engine line as progress: Lincheck's warnings that it cannot compute a field's offset (one per lambda capture
     * and record component it instruments, hundreds per run, harmless) stay in console.log only.
     */
    static void progress(PrintStream progress, String prefix, String line) {
        if (!line.startsWith(LINCHECK_OFFSET_WARNING)) {
            say(progress, prefix + line);
        }
    }

    /** The start of Lincheck's harmless field-offset warnings. */
    static final String LINCHECK_OFFSET_WARNING = "[WARN] Failed to get ";

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
