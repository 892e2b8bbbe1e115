package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code crosstalk explore}'s bad input: exit 2 before the engine starts (whole runs against a stand-in engine are
 * in ExploreRunnerTest; the real engine in ExploreEndToEndTest).
 */
class ExploreCommandTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownManagerExitsTwoNamingItBeforeAnyWork() {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("explore", "--manager", "nope", "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no manager provider named \"nope\"").contains("ssot");
        assertThat(out).doesNotExist();
    }

    @Test
    void exactlyOneOfManagerAllOrReplay() {
        assertThat(CliRun.of("explore").exitCode()).isEqualTo(2);
        CliRun both = CliRun.of("explore", "--manager", "ssot", "--all");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(CliRun.of("explore", "--all", "--replay", "tok").exitCode()).isEqualTo(2);
    }

    @Test
    void aBudgetOrATimeNotBothAndNoTimeUnderASecond() {
        CliRun both = CliRun.of("explore", "--manager", "ssot", "--budget", "10", "--time", "5s");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        CliRun tooShort = CliRun.of("explore", "--manager", "ssot", "--time", "200ms", "--out", dir.toString());
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).contains("at least 1 s");
        assertThat(CliRun.of("explore", "--manager", "ssot", "--budget", "0", "--out", dir.toString()).exitCode())
                .isEqualTo(2);
    }

    @Test
    void aBadScenarioPatternOrAReplayWithExplorationOptionsIsBadInput() {
        CliRun pattern = CliRun.of("explore", "--manager", "ssot", "--scenarios", "(", "--out", dir.toString());
        assertThat(pattern.exitCode()).isEqualTo(2);
        assertThat(pattern.err()).contains("--scenarios is not a regular expression");
        CliRun replay = CliRun.of("explore", "--replay", "tok", "--budget", "5", "--out", dir.toString());
        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err()).contains("--replay takes no");
        CliRun blank = CliRun.of("explore", "--replay", " ", "--out", dir.toString());
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("--replay needs a token");
    }

    @Test
    void exploreIsListedAndDescribesItsExitCodes() {
        assertThat(CliRun.of("--help").out()).contains("explore");
        CliRun help = CliRun.of("explore", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--manager=NAME", "--all", "--replay=TOKEN", "--budget=N", "--time=D",
                "--seed=S", "--plugin=JAR", "sequential consistency", "Exit codes");
    }
}
