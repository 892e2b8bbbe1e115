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
        Path file = out.resolve(RESULTS);
        List<String> cmd = command(config, engine, file);
        say(config.progress(), "crosstalk explore: " + (config.all() ? "every manager (" + config.managers().size() + ")"
                : String.join(", ", config.managers().stream().map(ManagerProvider::name).toList())) + ", " + bound(config)
                + "; output in " + out);
        int exit = runChild(cmd, out, out.resolve(CONSOLE), line -> say(config.progress(), "  " + line));

        List<String> problems = new ArrayList<>(engineProblems(exit, out.resolve(CONSOLE)));
        Optional<ExploreResults> results = Optional.empty();
        if (Files.isRegularFile(file)) {
            try {
                results = Optional.of(ExploreResults.read(file));
            } catch (IOException | RuntimeException e) {
                problems.add("the engine's " + file + " cannot be read: " + e.getMessage());
            }
        } else if (exit == ENGINE_WROTE) {
            problems.add("the engine exited 0 but wrote no " + file);
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
        ChildJvm child;
        try {
            child = ChildJvm.start(cmd, dir, Map.of(), "crosstalk-explore");
        } catch (IOException e) {
            AtomicFiles.writeString(log, "# " + String.join(" ", cmd) + "\ncannot start: " + e + "\n");
            return -1;
        }
        try (child) {
            return child.pump(log, "# " + String.join(" ", cmd), lines);
        }
    }

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
