package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.Home;
import dev.crosstalk.harness.bench.BenchConfig;
import dev.crosstalk.harness.bench.BenchProfile;
import dev.crosstalk.harness.bench.BenchResult;
import dev.crosstalk.harness.bench.BenchRunner;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosstalk bench}: the JMH suite, run as a child JVM; see {@link BenchRunner}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks: what obtaining a manager (new user, existing user, hot user;"
                + " 1, 2 and 4 threads) and emitting a run's golden path (1 and 4 connections) cost per creation"
                + " path, in time and bytes allocated per operation.",
                "Writes JMH's own jmh.json, summary.json and jmh.log into --out, and prints a comparison table:"
                        + " direct (ssot) vs registry vs factory, ratio to direct, B/op."},
        footer = {"", "Profiles: smoke (1 fork, 2 warmup + 5 measured x 1 s iterations, a subset; about 2.3 min on"
                + " 2 cores), nightly (5 forks, 4 x 900 ms + 3 x 400 ms, every benchmark, as 5 rounds of one fork; 16 min for the three default managers on 2 cores, measured).",
                "Exit codes: 0 results written, 2 bad input, or JMH failed or measured nothing."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "smoke|nightly", defaultValue = "smoke",
            description = "How long and how carefully to measure (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--benchmarks", paramLabel = "REGEX",
            description = "A JMH include regex replacing the profile's selection,"
                    + " e.g. 'CreationBenchmark.coldCreate$' or 'GoldenPath'.")
    String benchmarks;

    @Option(names = "--manager", paramLabel = "NAME", arity = "1..*",
            description = "Managers to measure (repeatable, or comma-separated); default: ssot registry factory."
                    + " Any provider 'crosstalk managers' lists, plugins included.")
    List<String> managers = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "crosstalk-out/bench",
            description = "Where jmh.json, summary.json and jmh.log go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quiet", description = "Show no progress; the table and errors are still printed.")
    boolean quiet;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BenchProfile p;
        try {
            p = BenchProfile.of(profile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<String> names = managers.stream().flatMap(m -> Arrays.stream(m.split(",")))
                .map(String::strip).filter(m -> !m.isEmpty()).distinct().toList();
        Plugins plugins = pluginOptions.resolve();
        // a typo fails here, in a second, not after JMH started
        List<ManagerProvider> providers = plugins.select(names.isEmpty() ? BenchConfig.DEFAULT_MANAGERS : names);
        BenchConfig config = BenchConfig.of(p, benchmarks, providers, out, quiet, plugins,
                Home.jar("bench/target/benchmarks.jar"));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BenchResult result = BenchRunner.run(config, stdout, stderr);
        stdout.flush();
        stderr.flush();
        return result.exitCode();
    }
}
