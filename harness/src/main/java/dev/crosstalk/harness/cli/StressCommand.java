package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.harness.stress.ManagerRun;
import dev.crosstalk.harness.stress.ProbeMatrix;
import dev.crosstalk.harness.stress.StressConfig;
import dev.crosstalk.harness.stress.StressMode;
import dev.crosstalk.harness.stress.StressOutcome;
import dev.crosstalk.harness.stress.StressRunner;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.TestStatus;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code crosstalk stress}: the JCStress probes against one manager, or all of them with the sensitivity matrix. */
@Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the JCStress probes of the manager's races against one manager (--manager) or every"
                + " manager, built in and from plugins (--all), and write results.json, junit.xml and the JCStress"
                + " HTML report (report/<manager>/) into --out; --all also writes sensitivity.json and prints the"
                + " matrix manager x probe."},
        footer = {"", "Exit codes: with --manager 0 every probe passed, 1 a forbidden outcome, 2 an error (a crashed"
                + " fork, a test JCStress skipped, a missing result file); with --all the verdict: 0 every correct path"
                + " clean and every observable defect caught, 1 not, 2 errors."})
public final class StressCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--manager", paramLabel = "NAME", required = true,
                description = "The manager to stress (see 'crosstalk managers').")
        String manager;

        @Option(names = "--all", required = true,
                description = "Stress every manager and judge the sensitivity matrix.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sanity",
            description = "JCStress preset: sanity, quick, default, tough, stress (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--tests", paramLabel = "REGEX",
            description = "Only the probes whose class name this regular expression finds (JCStress -t).")
    String tests;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "crosstalk-out/stress",
            description = "Output directory (default: ${DEFAULT-VALUE}); its results are replaced.")
    Path out;

    @Option(names = "--split-compilation", paramLabel = "BOOL", arity = "1",
            description = "JCStress -sc (per-actor compilation modes; multiplies the forks). Default: off in sanity"
                    + " and quick, JCStress's default otherwise.")
    Boolean splitCompilation;

    @Option(names = "--widen-micros", paramLabel = "N", defaultValue = "" + StressConfig.DEFAULT_WIDEN_MICROS,
            description = "Opt-in help: microseconds a thread spins at a provider's interleaving point (the SPI's"
                    + " InterleavingHook, called only inside seeded race windows). Default ${DEFAULT-VALUE}: unaided;"
                    + " a non-zero value is named in the output as not an unaided figure.")
    long widenMicros;

    @Option(names = "--jcstress-arg", paramLabel = "ARG",
            description = "An extra JCStress argument, passed as is (repeatable), e.g. --jcstress-arg=-time --jcstress-arg=200.")
    List<String> jcstressArgs = new ArrayList<>();

    @Option(names = "--quiet", description = "No progress lines, only the summary.")
    boolean quiet;

    @Option(names = "--json", description = "Print a JSON summary instead of the text summary (implies --quiet).")
    boolean json;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "With --all: stress shard I (0..N-1) of the providers, dealt round-robin, so N runners share"
                    + " the matrix ('job/N' takes I from $JOB_COMPLETION_INDEX); sensitivity.json holds this"
                    + " shard's rows. 'run --profile … --shard I/N' and 'crosstalk merge' make the whole archive.")
    String shard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StressMode m;
        try {
            m = StressMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Plugins plugins = pluginOptions.resolve();
        List<ManagerProvider> managers = target.all ? plugins.all() : List.of(plugins.provider(target.manager));
        if (shard != null) {
            managers = ShardOption.slice(shard, target.all, managers, spec);
        }
        PrintStream progress = quiet || json ? null : System.err;
        StressConfig config = new StressConfig(managers, target.all, m, tests, out, plugins, splitCompilation,
                widenMicros, jcstressArgs, null, progress);
        StressOutcome outcome = StressRunner.run(config);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary(outcome, config.widenMicros())));
        } else {
            printSummary(w, outcome, config.widenMicros());
        }
        w.flush();
        return outcome.exitCode();
    }

    private static void printSummary(PrintWriter w, StressOutcome outcome, long widenMicros) {
        for (ManagerRun r : outcome.runs()) {
            if (outcome.runs().size() == 1 || r.exitCode() != 0 && "correct".equals(r.kind())) {
                w.printf("%n%s (%s) — %d probes in %ds:%n", r.manager(), r.kind(), r.tests().size(), r.elapsed().toSeconds());
                for (Test t : r.tests()) {
                    w.printf("  %-8s %-22s %s%n", t.status().label().toUpperCase(), t.probe(), t.message());
                }
                r.problems().forEach(p -> w.println("  ERROR    " + p));
            }
        }
        outcome.sensitivity().ifPresent(s -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
            ProbeMatrix.print(s, outcome.budgets(), ps);
            w.print(buf.toString(StandardCharsets.UTF_8));
        });
        if (outcome.sensitivity().isEmpty()) {
            w.printf("%n%s%n", ProbeMatrix.widening(widenMicros));
        }
        w.printf("%nresults: %s%njunit:   %s%n", outcome.resultsJson(), outcome.junitXml());
        outcome.sensitivity().ifPresent(s -> w.printf("matrix:  %s%n", outcome.sensitivityJson()));
        w.printf("reports: %s%n", outcome.out().resolve("report"));
        w.printf("exit %d%n", outcome.exitCode());
    }

    private static Map<String, Object> summary(StressOutcome outcome, long widenMicros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exit_code", outcome.exitCode());
        m.put("results", outcome.resultsJson().toString());
        m.put("junit", outcome.junitXml().toString());
        m.put("widen_micros", widenMicros);
        outcome.sensitivity().ifPresent(s -> {
            m.put("sensitivity", outcome.sensitivityJson().toString());
            m.put("holds", s.holds() && !s.hasErrors());
        });
        List<Map<String, Object>> managers = new ArrayList<>();
        for (ManagerRun r : outcome.runs()) {
            Map<String, Object> mr = new LinkedHashMap<>();
            mr.put("manager", r.manager());
            mr.put("exit_code", r.exitCode());
            for (TestStatus st : TestStatus.values()) {
                mr.put(st.label(), r.count(st));
            }
            mr.put("problems", r.problems());
            managers.add(mr);
        }
        m.put("managers", managers);
        return m;
    }
}
