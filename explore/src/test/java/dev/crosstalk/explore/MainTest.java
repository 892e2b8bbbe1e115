package dev.crosstalk.explore;

import dev.crosstalk.results.archive.ExploreResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract the harness relies on: exit codes, the results file, progress lines, the replay. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitTwoAndSayWhat(@TempDir Path dir) {
        String file = dir.resolve("r.json").toString();
        assertThat(run("--all", "--managers", "ssot", "--out", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not both");
        assertThat(run("--managers", "ssot")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("--managers", "no-such-manager", "--out", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no manager provider named");
        assertThat(run("--replay", "ssot/two-users", "--out", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("--managers", "ssot", "--budget", "0", "--out", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("--managers", "ssot", "--scenarios", "nothing-matches", "--out", file)).isEqualTo(Main.EXIT_USAGE);
        assertThat(Files.exists(dir.resolve("r.json"))).isFalse();
    }

    @Test
    void helpNamesTheJvmFlags() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.join(" ", Main.JVM_FLAGS));
    }

    @Test
    void writesOneRowPerManagerAndScenarioAndReplaysAViolation(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("explore.json");
        int rc = run("--managers", "defect.check-then-act-registry,ssot", "--scenarios", "^two-tabs", "--seed", "1",
                "--budget", "200", "--time", "600", "--out", file.toString());

        assertThat(rc).isZero();
        ExploreResults results = ExploreResults.read(file);
        assertThat(results.seed()).isEqualTo(1);
        assertThat(results.engine()).isEqualTo(Explorer.ENGINE);
        assertThat(results.results()).extracting(ExploreResults.Row::manager)
                .containsExactly("defect.check-then-act-registry", "ssot");
        ExploreResults.Row caught = results.results().get(0);
        assertThat(caught.outcome()).as(caught::toString).isEqualTo(ExploreResults.VIOLATION);
        assertThat(caught.failureClass()).isEqualTo("loss");
        assertThat(caught.trace()).isNotEmpty();
        assertThat(results.results().get(1).outcome()).isEqualTo(ExploreResults.CLEAN);
        String progress = out.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("explore defect.check-then-act-registry two-tabs-while-emitting: violation (")
                .contains("replay: " + caught.replay());

        Path again = dir.resolve("replay.json");
        assertThat(run("--replay", caught.replay(), "--out", again.toString())).isZero();
        ExploreResults.Row replayed = ExploreResults.read(again).results().get(0);
        assertThat(replayed.outcome()).isEqualTo(ExploreResults.VIOLATION);
        assertThat(replayed.failure()).isEqualTo(caught.failure());
        assertThat(replayed.interleavings()).isEqualTo(ReplayToken.parse(caught.replay()).interleavings());
        assertThat(replayed.replay()).isEqualTo(caught.replay());
    }
}
