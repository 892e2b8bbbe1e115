package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.explore.ExploreConfig;
import dev.crosstalk.harness.explore.ExploreMatrix;
import dev.crosstalk.harness.explore.ExploreOutcome;
import dev.crosstalk.harness.explore.ExploreOutput;
import dev.crosstalk.harness.explore.ExploreRunner;
import dev.crosstalk.harness.explore.ReplayOutcome;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.ExploreResults;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code crosstalk explore}: every interleaving of small scenarios of the isolation contract, against one manager or
 * all of them with the explore matrix; {@code --replay TOKEN} replays one failing interleaving.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explore, interleaving by interleaving under sequential consistency, small scenarios of the"
                + " isolation contract (every event reaches exactly its own user's connections, in order, exactly once,"
                + " or is refused loudly) against one manager (--manager) or every manager, built in and from plugins"
                + " (--all); write results.json, junit.xml and console.log into --out; --all also writes matrix.json and"
                + " prints the matrix manager x scenario. A violation prints its trace and a replay token;"
                + " --replay TOKEN runs that interleaving again."},
        footer = {"", "Exit codes: with --manager 0 every scenario clean, 1 a violation, 2 bad input or an explore that"
                + " could not run; with --all the verdict: 0 every correct path clean and every defect caught (or not"
                + " observable under sequential consistency), 1 not, 2 errors; with --replay 1 the failure reproduces,"
                + " 0 it does not, 2 a bad token."})
public final class ExploreCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--manager", paramLabel = "NAME", required = true,
                description = "The manager to explore (see 'crosstalk managers').")
        String manager;

        @Option(names = "--all", required = true,
                description = "Explore every manager and judge the explore matrix.")
        boolean all;

        @Option(names = "--replay", paramLabel = "TOKEN", required = true,
                description = "Replay the failing interleaving a violation printed (its 'replay:' token).")
        String replay;
    }

    static final class Bound {
        @Option(names = "--budget", paramLabel = "N", required = true,
                description = "Interleavings explored per scenario (default: the engine's).")
        Integer budget;

        @Option(names = "--time", paramLabel = "D", required = true, converter = DurationConverter.class,
                description = "Time per scenario instead of a budget, e.g. 10s, 2m (at least 1 s).")
        Duration time;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--scenarios", paramLabel = "REGEX",
            description = "Only the scenarios whose name this regular expression finds.")
    String scenarios;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Bound bound;

    @Option(names = "--seed", paramLabel = "S", description = "The seed the exploration starts from (default: the engine's).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "crosstalk-out/explore",
            description = "Output directory (default: ${DEFAULT-VALUE}); its results are replaced.")
    Path out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Engine JVMs run side by side, each over a share of the managers (default: ${DEFAULT-VALUE})."
                    + " Each keeps 2-3 cores busy: on 2 cores, 2 engines are slower than 1 (docs/explore.md).")
    int jobs = ExploreConfig.DEFAULT_JOBS;

    @Option(names = "--quiet", description = "No progress lines, only the summary.")
    boolean quiet;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "With --all: explore shard I (0..N-1) of the providers, dealt round-robin, so N runners share"
                    + " the explore matrix ('job/N' takes I from $JOB_COMPLETION_INDEX); matrix.json holds this shard's"
                    + " rows. 'run --profile prerelease --shard I/N' and 'crosstalk merge' make the whole archive.")
    String shard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Plugins plugins = pluginOptions.resolve();
        PrintStream progress = quiet ? null : System.err;
        PrintWriter w = spec.commandLine().getOut();
        if (target.replay != null) {
            if (scenarios != null || bound != null || seed != null) {
                throw new ParameterException(spec.commandLine(),
                        "--replay takes no --scenarios, --budget, --time or --seed: the token fixes them");
            }
            if (target.replay.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--replay needs a token (the 'replay:' line of a violation)");
            }
            return replay(plugins, progress, w);
        }
        if (scenarios != null) {
            try {
                Pattern.compile(scenarios);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(spec.commandLine(), "--scenarios is not a regular expression: " + e.getDescription());
            }
        }
        // an unknown manager is bad input here, before the engine starts
        List<ManagerProvider> managers = target.all ? plugins.all() : List.of(plugins.provider(target.manager));
        if (shard != null) {
            managers = ShardOption.slice(shard, target.all, managers, spec);
        }
        ExploreConfig config;
        try {
            config = new ExploreConfig(managers, target.all, scenarios, bound == null ? null : bound.budget,
                    bound == null ? null : bound.time, seed, out, plugins, null, progress, jobs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ExploreOutcome outcome = ExploreRunner.run(config);
        printSummary(w, outcome);
        w.flush();
        return outcome.exitCode();
    }

    private int replay(Plugins plugins, PrintStream progress, PrintWriter w) throws Exception {
        ReplayOutcome r = ExploreRunner.replay(target.replay, plugins, null, out, progress);
        print(w, ps -> ExploreOutput.printViolations(r.rows().stream()
                .filter(x -> ExploreResults.VIOLATION.equals(x.outcome())).toList(), ps));
        w.printf("%nreplay %s: %s%n", target.replay, r.message());
        if (Files.isRegularFile(r.file())) {
            w.printf("results: %s%n", r.file());
        }
        w.printf("console: %s%nexit %d%n", r.log(), r.exitCode());
        w.flush();
        return r.exitCode();
    }

    static void printSummary(PrintWriter w, ExploreOutcome outcome) {
        outcome.results().ifPresent(results -> {
            if (outcome.matrix().isEmpty()) {
                w.printf("%nexplore (%s):%n", results.engine());
                int managerWidth = results.results().stream().mapToInt(r -> r.manager().length()).max().orElse(7);
                int scenarioWidth = results.results().stream().mapToInt(r -> r.scenario().length()).max().orElse(8);
                for (ExploreResults.Row r : results.results()) {
                    w.printf(Locale.ROOT, "  %-14s %-" + managerWidth + "s  %-" + scenarioWidth
                                    + "s %8d interleavings %7.1f s%s%n",
                            r.outcome() == null ? "?" : r.outcome().toUpperCase(Locale.ROOT), r.manager(), r.scenario(),
                            r.interleavings(), r.seconds(), r.failure() == null ? "" : "  " + r.failure());
                }
            }
        });
        outcome.matrix().ifPresent(m -> print(w, ps -> ExploreMatrix.print(m, ps)));
        print(w, ps -> ExploreOutput.printViolations(outcome.violations(), ps));
        outcome.problems().forEach(p -> w.println("ERROR    " + p));
        w.printf("%nresults: %s%njunit:   %s%n", outcome.resultsJson(), outcome.junitXml());
        outcome.matrix().ifPresent(m -> w.printf("matrix:  %s%n", outcome.matrixJson()));
        w.printf("console: %s%nexit %d%n", outcome.consoleLog(), outcome.exitCode());
    }

    /** What a printer of results' tables writes to a PrintStream, onto picocli's writer. */
    private static void print(PrintWriter w, Consumer<PrintStream> printer) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        printer.accept(new PrintStream(buf, true, StandardCharsets.UTF_8));
        w.print(buf.toString(StandardCharsets.UTF_8));
    }
}
