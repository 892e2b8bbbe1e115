package dev.crosstalk.harness.stress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.fixture.FixturePlugin;
import dev.crosstalk.harness.plugin.Plugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real JCStress runs of {@code stress/target/jcstress.jar} (built by the reactor before this module:
 * {@code ./mvnw -B verify} or {@code -pl stress,harness -am}). To keep the suite short, each run
 * selects one probe and passes {@code -jvmArgs}, which makes JCStress run one JVM flag set
 * (two configurations) instead of probing eight; about 10 s each on 2 cores.
 */
class StressEndToEndTest {

    static final List<String> ONE_JVM_CONFIG = List.of("-jvmArgs", "-Xss1m");
    /** An explicit opt-in, see {@link #aPluginProviderIsStressedLikeABuiltInAndItsRaceIsCaught}. */
    static final long WIDENED_FOR_PLUMBING = 50;
    static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findJar() {
        jar = Path.of("").toAbsolutePath().resolveSibling("stress").resolve("target/jcstress.jar");
        assertThat(jar).as("build the stress module first: ./mvnw -B -pl stress,harness -am verify").isRegularFile();
    }

    @Test
    void oneProbeAgainstACorrectManagerPasses() throws Exception {
        Plugins plugins = Plugins.none();
        StressConfig config = new StressConfig(plugins.select(List.of("ssot")), false, StressMode.SANITY,
                "DifferentUsersProbe", tmp.resolve("out"), plugins, null, StressConfig.DEFAULT_WIDEN_MICROS,
                ONE_JVM_CONFIG, jar, null);
        StressOutcome outcome = StressRunner.run(config);

        assertThat(outcome.runs().get(0).problems()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        JsonNode results = new ObjectMapper().readTree(outcome.resultsJson().toFile());
        assertThat(results.path("schema").asInt()).isEqualTo(1);
        assertThat(results.path("mode").asText()).isEqualTo("sanity");
        assertThat(results.path("tests")).hasSize(1);
        JsonNode test = results.path("tests").get(0);
        assertThat(test.path("probe").asText()).isEqualTo("different-users");
        assertThat(test.path("manager").asText()).isEqualTo("ssot");
        assertThat(test.path("status").asText()).isEqualTo("passed");
        JsonNode outcomes = test.path("configurations").get(0).path("outcomes");
        assertThat(outcomes.findValuesAsText("id")).contains("ISOLATED", "SHARED_MANAGER", "WRONG_USER");
        assertThat(outcomes.findValues("count").stream().mapToLong(JsonNode::asLong).sum()).isPositive();
        assertThat(outcome.junitXml()).isRegularFile();
        assertThat(outcome.out().resolve("report/ssot/index.html")).isRegularFile();
    }

    /**
     * What this shows is the plumbing (the plugin reaches the forks, its failure is graded and written), not
     * the probes' unaided sensitivity, which {@code crosstalk stress --all} measures: so it opts in to widening the
     * fixture's race window (50 µs), to keep a catch in a few samples certain, and checks the forks were told.
     */
    @Test
    void aPluginProviderIsStressedLikeABuiltInAndItsRaceIsCaught() throws Exception {
        Path plugin = FixturePlugin.build(tmp.resolve("fixture-plugin.jar"));
        Plugins plugins = Plugins.resolve(List.of(plugin), null);
        StressConfig config = new StressConfig(plugins.select(List.of("fixture.racy-registry")), false,
                StressMode.SANITY, "SameUserCreationProbe", tmp.resolve("out"), plugins, null,
                WIDENED_FOR_PLUMBING, ONE_JVM_CONFIG, jar, null);
        StressOutcome outcome = StressRunner.run(config);

        assertThat(outcome.runs().get(0).problems()).isEmpty();
        assertThat(outcome.exitCode()).isEqualTo(1);
        JsonNode test = new ObjectMapper().readTree(outcome.resultsJson().toFile()).path("tests").get(0);
        assertThat(test.path("status").asText()).isEqualTo("failed");
        assertThat(test.path("message").asText()).startsWith("FORBIDDEN outcome 'TWO_MANAGERS' seen");
        long forbidden = 0;
        for (JsonNode c : test.path("configurations")) {
            for (JsonNode o : c.path("outcomes")) {
                if (o.path("expectation").asText().equals("FORBIDDEN")) {
                    forbidden += o.path("count").asLong();
                }
            }
        }
        assertThat(forbidden).isPositive();
        // the forks got the plugin on their class path: the provider was found there by name
        assertThat(Files.readString(outcome.out().resolve("raw/fixture.racy-registry/command.txt")))
                .contains(plugin.toString()).contains("-Dcrosstalk.manager=fixture.racy-registry")
                .contains("-Dcrosstalk.widen.micros=" + WIDENED_FOR_PLUMBING);
    }

    /**
     * The publication probe's larger sanity budget ({@link ProbeBudgets}) runs as a second JCStress invocation of
     * the same manager, and its result lands in the same files as the main invocation's.
     */
    @Test
    void aProbeWithALargerBudgetRunsOnItsOwnAndIsMergedIntoTheSameRun() throws Exception {
        Plugins plugins = Plugins.none();
        StressConfig config = new StressConfig(plugins.select(List.of("ssot")), false, StressMode.SANITY,
                "DifferentUsersProbe|PublicationProbe", tmp.resolve("out"), plugins, null,
                StressConfig.DEFAULT_WIDEN_MICROS, ONE_JVM_CONFIG, jar, null);
        StressOutcome outcome = StressRunner.run(config);

        assertThat(outcome.runs()).hasSize(1);
        assertThat(outcome.runs().get(0).problems()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.budgets()).containsOnlyKeys("publication");
        JsonNode results = new ObjectMapper().readTree(outcome.resultsJson().toFile());
        assertThat(results.path("options").path("probe_budgets").path("publication").toString())
                .isEqualTo("[\"-time\",\"100\",\"-strideSize\",\"256\",\"-strideCount\",\"10\"]");
        assertThat(results.path("managers")).hasSize(1);
        assertThat(results.path("tests").findValuesAsText("probe")).containsExactly("different-users", "publication");
        assertThat(results.path("tests").findValuesAsText("status")).containsExactly("passed", "passed");
        assertThat(results.path("tests").get(1).path("message").asText()).endsWith("[larger budget: -time 100 -strideSize 256 -strideCount 10]");
        // 256-sample strides for 100 ms per configuration, against the 4 samples of sanity's own
        assertThat(results.path("tests").get(1).path("samples").asLong())
                .isGreaterThan(results.path("tests").get(0).path("samples").asLong());
        assertThat(Files.readString(outcome.out().resolve("raw/ssot/command.txt")))
                .contains("DifferentUsersProbe").doesNotContain("PublicationProbe").doesNotContain("-strideSize");
        assertThat(Files.readString(outcome.out().resolve("raw/ssot/publication/command.txt")))
                .contains("PublicationProbe").doesNotContain("DifferentUsersProbe").endsWith("-time 100 -strideSize 256 -strideCount 10\n");
        assertThat(outcome.out().resolve("report/ssot/publication/index.html")).isRegularFile();
        assertThat(Files.readString(outcome.junitXml())).contains("different-users[ssot]").contains("publication[ssot]");
    }
}
