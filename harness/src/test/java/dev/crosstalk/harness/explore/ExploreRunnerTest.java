package dev.crosstalk.harness.explore;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.explore.ExploreConfig.Engine;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner without the real engine: the command line it builds, and whole runs against {@link FakeExploreMain},
 * a child JVM that keeps the engine's contract and reports given rows, so that exit codes, files, the matrix and
 * the replay are checked in about a second each.
 */
class ExploreRunnerTest {

    static final List<String> SCENARIOS = List.of("same-user-obtain", "different-users-emit", "reconnect-vs-emit");

    @TempDir
    Path dir;

    private final Plugins plugins = Plugins.none();

    /**
     * What the engine "finds" for every built-in provider: {@code outcome} per manager and scenario (the default:
     * correct paths clean, each defect caught by the first scenario, the jmm defect clean everywhere).
     */
    static ExploreResults found(List<ManagerProvider> managers, BiFunction<ManagerProvider, String, String> outcome) {
        List<ExploreResults.Row> rows = new ArrayList<>();
        for (ManagerProvider p : managers) {
            String failureClass = p.failureClass().map(FailureClass::label).orElse(null);
            for (String scenario : SCENARIOS) {
                String o = outcome.apply(p, scenario);
                rows.add(ExploreResults.VIOLATION.equals(o)
                        ? new ExploreResults.Row(p.name(), p.kind().label(), failureClass, scenario, o, 42, 0.3,
                        "an event of user-a reached user-b", List.of("T1 obtain(user-a)", "T2 emit(user-a, e1)",
                        "T2 deliver e1 to user-b"), "tok-" + p.name() + "-" + scenario)
                        : new ExploreResults.Row(p.name(), p.kind().label(), failureClass, scenario, o, 500, 1.2,
                        ExploreResults.ERROR.equals(o) ? "the engine could not instrument the manager" : null, List.of(), null));
            }
        }
        return new ExploreResults(ExploreResults.SCHEMA, ExploreResults.INSTRUMENT, "fake 1", 7L, 500, null,
                "2026-11-27T00:00:00Z", "2026-11-27T00:01:00Z", rows);
    }

    static String expected(ManagerProvider p, String scenario) {
        boolean defect = p.failureClass().isPresent();
        boolean jmm = p.failureClass().map(FailureClass::label).filter("jmm"::equals).isPresent();
        return defect && !jmm && scenario.equals(SCENARIOS.get(0)) ? ExploreResults.VIOLATION : ExploreResults.CLEAN;
    }

    private Engine fake(ExploreResults given, String... flags) throws IOException {
        Path file = given.write(dir.resolve("given.json"));
        List<String> jvm = new ArrayList<>(List.of("-Dfake.explore.results=" + file,
                "-Dfake.explore.args=" + dir.resolve("args.txt")));
        jvm.addAll(List.of(flags));
        return new Engine(System.getProperty("java.class.path"), FakeExploreMain.class.getName(), jvm);
    }

    private ExploreConfig config(List<ManagerProvider> managers, boolean all, Engine engine, PrintStream progress) {
        return new ExploreConfig(managers, all, null, 500, null, 7L, dir.resolve("out"), plugins, engine, progress);
    }

    @Test
    void theEngineRunsWithItsFlagsPluginsOnItsClassPathAndTheContractsArguments() throws Exception {
        Path plugin = dir.resolve("my-plugin.jar");   // only its path matters here: an empty jar
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plugin))) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.closeEntry();
        }
        Plugins withPlugin = Plugins.resolve(List.of(plugin), null);
        Engine engine = new Engine("/x/explore.jar", ExploreRunner.MAIN, List.of("-Dflag=1"));
        ExploreConfig one = new ExploreConfig(withPlugin.select(List.of("ssot")), false, "obtain", null,
                Duration.ofMillis(1500), 9L, dir, withPlugin, engine, null);

        List<String> cmd = ExploreRunner.command(one, engine, dir.resolve("results.json"));

        assertThat(cmd).containsSubsequence("-Dflag=1", "-cp", "/x/explore.jar" + File.pathSeparator + plugin,
                "dev.crosstalk.explore.Main", "--managers", "ssot", "--scenarios", "obtain",
                "--time", "2", "--seed", "9", "--out", dir.resolve("results.json").toString());
        assertThat(cmd).doesNotContain("--budget", "--all");
        ExploreConfig all = new ExploreConfig(plugins.all(), true, null, 100, null, null, dir, plugins,
                Engine.of(Path.of("/x/explore.jar")), null);
        assertThat(ExploreRunner.command(all, all.engine(), dir.resolve("r.json")))
                .containsSubsequence("-cp", "/x/explore.jar", ExploreRunner.MAIN, "--all", "--budget", "100", "--out")
                .doesNotContain("--managers", "--seed", "--time");
        assertThat(ExploreRunner.replayCommand(engine, Plugins.none(), "tok", dir.resolve("r.json")))
                .containsSubsequence("-cp", "/x/explore.jar", ExploreRunner.MAIN, "--replay", "tok", "--out");
    }

    @Test
    void aCleanManagerExitsZeroAndWritesResultsJunitAndTheConsole() throws Exception {
        List<ManagerProvider> ssot = plugins.select(List.of("ssot"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ExploreOutcome o = ExploreRunner.run(config(ssot, false, fake(found(plugins.all(), ExploreRunnerTest::expected)),
                new PrintStream(progress, true, StandardCharsets.UTF_8)));

        assertThat(o.problems()).isEmpty();
        assertThat(o.exitCode()).isEqualTo(ExitCodes.CLEAN);
        assertThat(Files.readString(dir.resolve("args.txt"))).contains("--managers\nssot\n", "--budget\n500\n");
        assertThat(ExploreResults.read(o.resultsJson()).results()).hasSize(3)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExploreResults.CLEAN));
        assertThat(o.matrix()).isEmpty();
        assertThat(o.matrixJson()).doesNotExist();
        assertThat(Files.readString(o.junitXml())).contains("same-user-obtain[ssot]").contains("failures=\"0\"");
        assertThat(Files.readString(o.consoleLog())).startsWith("# ")
                .contains("explore ssot same-user-obtain: clean (500 interleavings, 1.2 s)");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("explore ssot reconnect-vs-emit: clean");
    }

    @Test
    void aViolationExitsOneWithItsTraceAndReplayToken() throws Exception {
        List<ManagerProvider> defect = plugins.select(List.of("defect.check-then-act-registry"));

        ExploreOutcome o = ExploreRunner.run(config(defect, false, fake(found(plugins.all(), ExploreRunnerTest::expected)),
                null));

        assertThat(o.exitCode()).isEqualTo(ExitCodes.FINDING);
        assertThat(o.violations()).singleElement().satisfies(v -> {
            assertThat(v.trace()).containsExactly("T1 obtain(user-a)", "T2 emit(user-a, e1)", "T2 deliver e1 to user-b");
            assertThat(v.replay()).isEqualTo("tok-defect.check-then-act-registry-same-user-obtain");
        });
        assertThat(Files.readString(o.junitXml())).contains("failures=\"1\"").contains("T2 deliver e1 to user-b")
                .contains("replay: crosstalk explore --replay tok-defect.check-then-act-registry-same-user-obtain");
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        ExploreOutput.printViolations(o.violations(), new PrintStream(shown, true, StandardCharsets.UTF_8));
        assertThat(shown.toString(StandardCharsets.UTF_8))
                .contains("VIOLATION defect.check-then-act-registry × same-user-obtain")
                .contains("  T1 obtain(user-a)").contains("replay: crosstalk explore --replay tok-");
    }

    @Test
    void allProvidersGiveAMatrixThatHoldsWithTheJmmDefectHonestlyNotObservable() throws Exception {
        ExploreOutcome o = ExploreRunner.run(config(plugins.all(), true,
                fake(found(plugins.all(), ExploreRunnerTest::expected)), null));

        assertThat(o.problems()).isEmpty();
        Sensitivity m = o.matrix().orElseThrow();
        assertThat(o.exitCode()).isEqualTo(ExitCodes.CLEAN);
        assertThat(m.holds()).isTrue();
        assertThat(m.probes()).isEqualTo(SCENARIOS);
        assertThat(m.rows()).hasSize(plugins.all().size());
        assertThat(m.rows()).filteredOn(r -> "jmm".equals(r.failureClass())).isNotEmpty()
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_OBSERVABLE_SC));
        assertThat(m.rows()).filteredOn(Sensitivity.Row::correct).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
            assertThat(r.cells()).containsOnlyKeys(SCENARIOS).containsValues(Verdict.CLEAN);
        });
        assertThat(Files.readString(o.matrixJson())).isEqualTo(m.toJson());
        assertThat(Files.readString(dir.resolve("args.txt"))).contains("--all\n").doesNotContain("--managers");

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ExploreMatrix.print(m, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("Explore matrix (budget 500, seed 7")
                .contains("  S1 same-user-obtain").contains("Verdict: HOLDS")
                .contains("not observable under sequential consistency");
    }

    @Test
    void twoEnginesSideBySideShareTheManagersAndMergeIntoTheResultOneEngineWrites() throws Exception {
        ExploreResults given = found(plugins.all(), ExploreRunnerTest::expected);
        ExploreOutcome one = ExploreRunner.run(config(plugins.all(), true, fake(given), null));
        List<ExploreResults.Row> oneEngine = ExploreResults.read(one.resultsJson()).results();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        ExploreOutcome two = ExploreRunner.run(config(plugins.all(), true, fake(given),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).withJobs(2));

        assertThat(two.problems()).isEmpty();
        assertThat(two.exitCode()).isEqualTo(one.exitCode()).isEqualTo(ExitCodes.CLEAN);
        assertThat(ExploreResults.read(two.resultsJson()).results()).isEqualTo(oneEngine);
        assertThat(two.matrix().orElseThrow().rows()).isEqualTo(one.matrix().orElseThrow().rows());
        // each engine got every other manager by name, not --all, and both logs are in console.log
        assertThat(Files.readString(dir.resolve("args.txt"))).contains("--managers\n").doesNotContain("--all");
        assertThat(Files.readString(two.consoleLog())).contains("explore ssot ").contains("explore registry ")
                .contains("explore factory ");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("2 engine JVMs side by side")
                .contains("  [1] explore ").contains("  [2] explore ");
        assertThat(dir.resolve("out").resolve("results-1.json")).doesNotExist();
    }

    @Test
    void lincheckFieldOffsetWarningsStayOutOfTheProgress() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(out, true, StandardCharsets.UTF_8);

        ExploreRunner.progress(progress, "  ", "[WARN] Failed to get object field offset for field arg$1");
        ExploreRunner.progress(progress, "  ", "[WARN] Failed to get static field base and offset for field X");
        ExploreRunner.progress(progress, "  ", "explore ssot two-users: clean (120 interleavings, 50.75 s)");

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("  explore ssot two-users: clean (120 interleavings, 50.75 s)" + System.lineSeparator());
    }

    @Test
    void aFailingEngineOfTwoIsAnErrorThatNamesIt() throws Exception {
        ExploreOutcome o = ExploreRunner.run(config(plugins.all(), true,
                fake(found(plugins.all(), ExploreRunnerTest::expected), "-Dfake.explore.exit=3"), null).withJobs(2));

        assertThat(o.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(o.problems()).anySatisfy(p -> assertThat(p).startsWith("engine 1 of 2: the engine could not run"))
                .anySatisfy(p -> assertThat(p).startsWith("engine 2 of 2: the engine could not run"));
    }

    @Test
    void theMatrixDoesNotHoldWhenACorrectPathBreaksOrADefectEscapes() throws Exception {
        ExploreOutcome broken = ExploreRunner.run(config(plugins.all(), true, fake(found(plugins.all(),
                (p, s) -> p.name().equals("registry") && s.equals(SCENARIOS.get(1)) ? ExploreResults.VIOLATION
                        : expected(p, s))), null));
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.FINDING);
        assertThat(broken.matrix().orElseThrow().rows()).filteredOn(r -> r.manager().equals("registry")).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo("FAILED: a correct path broke the contract in different-users-emit"));

        ExploreOutcome escaped = ExploreRunner.run(config(plugins.all(), true, fake(found(plugins.all(),
                (p, s) -> p.name().equals("defect.check-then-act-registry") ? ExploreResults.CLEAN : expected(p, s))), null));
        assertThat(escaped.exitCode()).isEqualTo(ExitCodes.FINDING);
        assertThat(escaped.matrix().orElseThrow().rows()).filteredOn(r -> r.manager().equals("defect.check-then-act-registry"))
                .singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo("FAILED: no scenario caught this defect"));
    }

    @Test
    void errorsWinOverFindings() throws Exception {
        // an errored scenario: one manager exits 2, the matrix cannot vouch for its row
        ExploreResults oneError = found(plugins.all(), (p, s) -> p.name().equals("defect.check-then-act-registry")
                && s.equals(SCENARIOS.get(2)) ? ExploreResults.ERROR : expected(p, s));
        assertThat(ExploreRunner.run(config(plugins.select(List.of("defect.check-then-act-registry")), false,
                fake(oneError), null)).exitCode()).isEqualTo(ExitCodes.ERROR);
        ExploreOutcome all = ExploreRunner.run(config(plugins.all(), true, fake(found(plugins.all(),
                (p, s) -> p.name().equals("ssot") && s.equals(SCENARIOS.get(2)) ? ExploreResults.ERROR : expected(p, s))), null));
        assertThat(all.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(all.matrix().orElseThrow().rows()).filteredOn(r -> r.manager().equals("ssot")).singleElement()
                .satisfies(r -> assertThat(r.verdict()).startsWith("error: scenarios errored: reconnect-vs-emit"));
    }

    @Test
    void anEngineThatCannotRunOrWritesNothingForAManagerIsAnError() throws Exception {
        ExploreOutcome couldNot = ExploreRunner.run(config(plugins.select(List.of("ssot")), false,
                fake(found(plugins.all(), ExploreRunnerTest::expected), "-Dfake.explore.exit=3"), null));
        assertThat(couldNot.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(couldNot.problems()).singleElement().asString().contains("could not run (exit 3");
        assertThat(couldNot.resultsJson()).doesNotExist();
        assertThat(Files.readString(couldNot.consoleLog())).contains("fake exit 3");

        // the engine ran, but only for ssot: registry, asked for too, has no row
        ExploreResults onlySsot = found(plugins.select(List.of("ssot")), ExploreRunnerTest::expected);
        ExploreOutcome missing = ExploreRunner.run(config(plugins.select(List.of("ssot", "registry")), false,
                fake(onlySsot), null));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.problems()).containsExactly("no results for registry");
        assertThat(Files.readString(missing.junitXml())).contains("no results for registry").contains("errors=\"1\"");
    }

    @Test
    void aReplayThatReproducesExitsOneOneThatDoesNotExitsZeroAndABadTokenTwo() throws Exception {
        ExploreResults given = found(plugins.all(), ExploreRunnerTest::expected);
        String token = "tok-defect.check-then-act-registry-same-user-obtain";

        ReplayOutcome again = ExploreRunner.replay(token, plugins, fake(given), dir.resolve("r1"), null);
        assertThat(again.exitCode()).as(again.message()).isEqualTo(ExitCodes.FINDING);
        assertThat(again.message()).isEqualTo("the failure reproduces");
        assertThat(again.rows()).singleElement().satisfies(r -> assertThat(r.trace()).hasSize(3));
        assertThat(Files.readString(again.log())).contains("replay: " + token);

        ReplayOutcome gone = ExploreRunner.replay(token, plugins, fake(given, "-Dfake.explore.reproduces=false"),
                dir.resolve("r2"), null);
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.CLEAN);
        assertThat(gone.message()).startsWith("the failure does not reproduce");

        ReplayOutcome bad = ExploreRunner.replay("no-such-token", plugins, fake(given), dir.resolve("r3"), null);
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(bad.message()).contains("refused the token \"no-such-token\"");
    }

    @Test
    void aConfigRefusesABudgetAndATimeTogetherAndTooShortATime() {
        List<ManagerProvider> ssot = plugins.select(List.of("ssot"));
        Map<String, Runnable> bad = Map.of(
                "both", () -> new ExploreConfig(ssot, false, null, 5, Duration.ofSeconds(5), null, dir, plugins, null, null),
                "short", () -> new ExploreConfig(ssot, false, null, null, Duration.ofMillis(200), null, dir, plugins, null, null),
                "zero", () -> new ExploreConfig(ssot, false, null, 0, null, null, dir, plugins, null, null));
        bad.forEach((what, make) -> {
            try {
                make.run();
                throw new AssertionError(what + " was accepted");
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        });
    }
}
