package dev.crosstalk.harness.stress;

import dev.crosstalk.harness.Home;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.WorkFolder;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerProvider;

import dev.crosstalk.harness.process.ChildJvm;
import dev.crosstalk.harness.stress.ProbeBudgets.Invocation;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.StressResults.Test;
import dev.crosstalk.results.archive.TestStatus;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the JCStress probes against one manager or all of them and writes the results.
 *
 * <p>JCStress runs as a child process ({@code java -cp jcstress.jar[:plugins] org.openjdk.jcstress.Main}),
 * one invocation per manager (plus one per larger probe budget, {@link ProbeBudgets}, merged into the
 * manager's run; the manager is a system property of the forks, passed with
 * {@code -jvmArgsPrepend}; JCStress forks its test JVMs with its own class path, so plugin jars
 * reach them). Its result file is then exported to JSON by
 * {@code dev.crosstalk.stress.export.ExportResults}, a second child JVM on the same jar, which reads
 * it with JCStress's own {@code DiskReadCollector} and grades it with JCStress's own
 * {@code TestGrading}.
 *
 * <p>Why a child JVM and not JCStress on the harness's class path: grading needs the tests'
 * metadata ({@code META-INF/TestList}), which lives in {@code jcstress.jar}; the harness's own jar
 * stays free of JCStress (and of its copy of the manager and probes), so that the jar that was
 * stressed is the one that is read, and a plugin cannot be loaded twice by two class loaders.
 * The cost is one JVM start (under a second) per manager.
 */
public final class StressRunner {

    /** The system property (in the forks) naming the manager; see {@code dev.crosstalk.stress.Probes}. */
    public static final String MANAGER_PROPERTY = "crosstalk.manager";
    public static final String WIDEN_PROPERTY = "crosstalk.widen.micros";
    static final String EXPORTER = "dev.crosstalk.stress.export.ExportResults";

    private final StressConfig config;
    private final PrintStream progress;

    public StressRunner(StressConfig config) {
        this.config = config;
        this.progress = config.progress();
    }

    /** Runs, writes every output file, and returns the outcome. */
    public static StressOutcome run(StressConfig config) throws IOException, InterruptedException {
        return new StressRunner(config).run();
    }

    public StressOutcome run() throws IOException, InterruptedException {
        Path jar = config.jcstressJar() != null ? config.jcstressJar() : Home.jar("stress/target/jcstress.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(jar + " is missing: build it with ./mvnw -B -pl stress -am package -DskipTests");
        }
        List<ManagerProvider> selected = config.managers();
        List<String> tests;
        try {
            tests = JarTestList.tests(jar, config.effectiveTests());
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot list the tests of " + jar + ": " + e.getMessage(), e);
        }
        if (tests.isEmpty()) {
            throw new UsageException("no probe matches --tests \"" + config.effectiveTests() + "\"");
        }
        Path out = config.out().toAbsolutePath().normalize();
        Files.createDirectories(out);
        // Replace the previous run's results: no stale report, raw folder or matrix may survive.
        WorkFolder.deleteTree(out.resolve("raw"));
        WorkFolder.deleteTree(out.resolve("report"));
        Files.deleteIfExists(out.resolve(Sensitivity.FILE));
        List<Invocation> plan = ProbeBudgets.plan(tests, config.mode(), config.jcstressArgs());
        Map<String, List<String>> budgets = ProbeBudgets.budgets(plan);
        Instant started = Instant.now();
        say("crosstalk stress: " + selected.size() + " manager(s) x " + tests.size() + " probe(s), mode "
                + config.mode().label() + (config.effectiveSplitCompilation() ? "" : ", -sc false") + ", "
                + ProbeMatrix.widening(config.widenMicros()) + "; output in " + out);
        budgets.forEach((probe, extra) -> say("  " + probe + ": larger budget " + String.join(" ", extra)
                + " (its own JCStress invocation per manager)"));
        List<ManagerRun> runs = new ArrayList<>();
        for (ManagerProvider p : selected) {
            ManagerRun r = runOne(jar, p, tests, plan, out);
            runs.add(r);
            say(String.format("  %-10s done in %ds: %d passed, %d failed, %d errors, %d skipped%s", p.name(),
                    r.elapsed().toSeconds(), r.count(TestStatus.PASSED), r.count(TestStatus.FAILED),
                    r.count(TestStatus.ERROR), r.count(TestStatus.SKIPPED),
                    r.problems().isEmpty() ? "" : " — " + String.join("; ", r.problems())));
        }
        Instant ended = Instant.now();
        StressOutput.results(config, started, ended, runs, budgets).write(out.resolve(StressResults.FILE));
        StressOutput.writeJunit(out.resolve("junit.xml"), runs, started);
        Optional<Sensitivity> sensitivity = Optional.empty();
        int exit;
        if (config.all()) {
            Sensitivity s = ProbeMatrix.of(runs, System.getProperty("os.arch"), config.mode().label(),
                    config.widenMicros());
            s.write(out.resolve(Sensitivity.FILE));
            sensitivity = Optional.of(s);
            exit = s.exitCode();
        } else {
            exit = runs.stream().mapToInt(ManagerRun::exitCode).max().orElse(0);
        }
        return new StressOutcome(exit, runs, sensitivity, out, budgets);
    }

    /**
     * Runs {@code tests} against one manager: the main invocation, then one per larger probe budget
     * ({@link ProbeBudgets}), merged into one run. An invocation other than the main one keeps its files in
     * {@code raw/<manager>/<probes>/} and {@code report/<manager>/<probes>/}.
     */
    private ManagerRun runOne(Path jar, ManagerProvider provider, List<String> tests, List<Invocation> plan, Path out)
            throws IOException, InterruptedException {
        String name = provider.name();
        WorkFolder.deleteTree(out.resolve("raw").resolve(name));
        WorkFolder.deleteTree(out.resolve("report").resolve(name));
        List<ManagerRun> parts = new ArrayList<>();
        for (Invocation inv : plan) {
            boolean whole = plan.size() == 1;
            if (!inv.main()) {
                say("  " + name + "  " + inv.label() + ": its own invocation, larger budget " + String.join(" ", inv.extra()));
            }
            parts.add(invoke(jar, provider, inv.tests(), whole ? config.effectiveTests() : inv.selector(), inv.extra(),
                    inv.main() ? out.resolve("raw").resolve(name) : out.resolve("raw").resolve(name).resolve(inv.label()),
                    inv.main() ? out.resolve("report").resolve(name) : out.resolve("report").resolve(name).resolve(inv.label())));
        }
        return ManagerRun.merged(parts, tests);
    }

    /** One JCStress invocation of {@code tests} (selected by {@code selector}) with {@code extra} arguments, graded. */
    private ManagerRun invoke(Path jar, ManagerProvider provider, List<String> tests, String selector, List<String> extra,
                              Path raw, Path report) throws IOException, InterruptedException {
        String name = provider.name();
        Files.createDirectories(raw);
        Instant t0 = Instant.now();
        List<String> problems = new ArrayList<>();

        List<String> cmd = ChildJvm.command(List.of("-cp", classpath(jar), "org.openjdk.jcstress.Main",
                "-m", config.mode().label(),
                "-sc", Boolean.toString(config.effectiveSplitCompilation()),
                "-t", selector,
                // -v: print every result, not only failed and interesting ones, so that progress can follow it
                "-v",
                "-r", report.toString(),
                "-jvmArgsPrepend", "-D" + MANAGER_PROPERTY + "=" + name + " -D" + WIDEN_PROPERTY + "=" + config.widenMicros()));
        cmd.addAll(config.jcstressArgs());
        cmd.addAll(extra);
        AtomicFiles.writeString(raw.resolve("command.txt"), String.join(" ", cmd) + "\n");
        ConsoleWatcher watcher = new ConsoleWatcher(name, tests.size(), progress);
        int jcstressExit = runChild(cmd, raw, raw.resolve("console.log"), watcher);
        watcher.finish();
        problems.addAll(watcher.problems());
        if (jcstressExit != 0 && jcstressExit != 1) {
            problems.add("JCStress exited with " + jcstressExit + " (see " + raw.resolve("console.log") + ")");
        }

        List<RawExport.RawResult> results = List.of();
        Optional<Path> bin = resultFile(raw);
        if (bin.isEmpty()) {
            problems.add("JCStress wrote no result file (jcstress-results-*.bin.gz) in " + raw);
        } else {
            Path export = raw.resolve("export.json");
            List<String> exportCmd = ChildJvm.command(List.of("-cp", classpath(jar), EXPORTER, bin.get().toString(),
                    export.toString(), selector));
            int ec = runChild(exportCmd, raw, raw.resolve("export.log"), line -> { });
            if (ec != 0) {
                problems.add("the result file " + bin.get() + " could not be read (exporter exit " + ec + ", see "
                        + raw.resolve("export.log") + ")");
            } else {
                results = RawExport.read(export).results();
            }
        }
        List<Test> graded = Grader.grade(name, tests, results, problems);
        boolean anyFailed = graded.stream().anyMatch(t -> t.status() == TestStatus.FAILED);
        boolean anyError = graded.stream().anyMatch(t -> t.status() != TestStatus.PASSED && t.status() != TestStatus.FAILED);
        if (jcstressExit == 1 && !anyFailed && !anyError) {
            problems.add("JCStress exited with 1 but no test failed (see " + raw.resolve("console.log") + ")");
        }
        if (!extra.isEmpty()) {
            graded = graded.stream().map(t -> withBudget(t, extra)).toList();
        }
        return new ManagerRun(name, provider.kind().label(), provider.failureClass().map(FailureClass::label).orElse(null),
                graded, problems, Duration.between(t0, Instant.now()), jcstressExit, report);
    }

    /** The test, its message naming the larger budget it ran with (so junit.xml and the summary say it too). */
    static Test withBudget(Test t, List<String> extra) {
        return new Test(t.test(), t.probe(), t.manager(), t.description(), t.status(),
                t.message() + " [larger budget: " + String.join(" ", extra) + "]", t.notApplicable(), t.configurations());
    }

    /**
     * Runs a child JVM in {@code dir}, its stdout and stderr merged into {@code log} and fed to {@code lines}.
     * Stopped with the harness (Ctrl-C, kill) by {@link ChildJvm}'s policy; -1 if it cannot start.
     */
    static int runChild(List<String> cmd, Path dir, Path log, Consumer<String> lines)
            throws IOException, InterruptedException {
        ChildJvm child;
        try {
            child = ChildJvm.start(cmd, dir, Map.of(), "crosstalk-stress");
        } catch (IOException e) {
            AtomicFiles.writeString(log, "cannot start: " + e + "\n");
            return -1;
        }
        try (child) {
            return child.pump(log, null, lines);
        }
    }

    private String classpath(Path jar) {
        String plugins = config.plugins().classpath();
        return plugins.isEmpty() ? jar.toString() : jar + File.pathSeparator + plugins;
    }

    private static Optional<Path> resultFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("jcstress-results-")
                            && p.getFileName().toString().endsWith(".bin.gz"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }

}
