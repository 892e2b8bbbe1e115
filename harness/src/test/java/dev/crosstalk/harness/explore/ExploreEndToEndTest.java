package dev.crosstalk.harness.explore;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.explore.ExploreConfig.Engine;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.results.archive.ExploreResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real explore runs of {@code explore/target/explore.jar} (built by the reactor before this module), with the
 * runner's own {@link ExploreRunner#JVM_FLAGS}, at a small budget: the correct path ssot is clean in the scenario;
 * the seeded defect defect.check-then-act-registry — its hook disabled, so unaided — breaks the contract, and its
 * replay token reproduces the failure.
 */
class ExploreEndToEndTest {

    /**
     * Bounded by interleavings, never by time (a budget alone sets no time cap), so the outcome does not depend on
     * how busy the machine is. One scenario keeps the suite fast.
     */
    static final int BUDGET = 200;
    static final String SCENARIO = "two-tabs-while-emitting";
    static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findJar() {
        jar = Path.of("").toAbsolutePath().resolveSibling("explore").resolve("target/explore.jar");
    }

    /** The reactor builds the explore module before this one; a missing jar is a broken build, not a skip. */
    @BeforeEach
    void requireJar() {
        assertThat(jar).as("build the explore module first: ./mvnw -B -pl explore,harness -am verify").isRegularFile();
    }

    @Test
    void theRunnerPassesTheJvmFlagsTheEngineAsksFor() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), ExploreRunner.MAIN, "--help"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(help).contains("JVM flags the caller must pass: " + String.join(" ", ExploreRunner.JVM_FLAGS) + "\n");
    }

    private ExploreOutcome explore(String manager) throws Exception {
        Plugins plugins = Plugins.none();
        return ExploreRunner.run(new ExploreConfig(plugins.select(List.of(manager)), false, SCENARIO, BUDGET, null, 1L,
                tmp.resolve(manager), plugins, Engine.of(jar), null));
    }

    @Test
    void theCorrectPathSsotIsCleanWhereTheDefectIsCaught() throws Exception {
        ExploreOutcome o = explore("ssot");

        assertThat(o.problems()).isEmpty();
        assertThat(o.exitCode()).as("see " + o.consoleLog()).isEqualTo(ExitCodes.CLEAN);
        List<ExploreResults.Row> rows = o.results().orElseThrow().results();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.manager()).isEqualTo("ssot");
            assertThat(r.outcome()).isIn(ExploreResults.CLEAN, ExploreResults.NOT_APPLICABLE);
        });
        assertThat(rows).anySatisfy(r -> assertThat(r.interleavings()).isPositive());
        assertThat(o.junitXml()).isRegularFile();
    }

    @Test
    void theCheckThenActRegistryDefectIsCaughtUnaidedAndItsReplayReproducesIt() throws Exception {
        ExploreOutcome o = explore("defect.check-then-act-registry");

        assertThat(o.problems()).isEmpty();
        assertThat(o.exitCode()).as("see " + o.consoleLog()).isEqualTo(ExitCodes.FINDING);
        ExploreResults.Row violation = o.violations().get(0);
        assertThat(violation.trace()).isNotEmpty();
        assertThat(violation.replay()).isNotBlank();
        assertThat(Files.readString(o.consoleLog())).contains("replay: " + violation.replay());

        ReplayOutcome again = ExploreRunner.replay(violation.replay(), Plugins.none(), Engine.of(jar),
                tmp.resolve("replay"), null);
        assertThat(again.exitCode()).as(again.message()).isEqualTo(ExitCodes.FINDING);
        assertThat(again.rows()).anySatisfy(r -> assertThat(r.outcome()).isEqualTo(ExploreResults.VIOLATION));
    }
}
